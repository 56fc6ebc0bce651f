-- Hands out seqs from the block installed in each counter hash, never past its ceiling.
-- KEYS[i]: a counter hash; ARGV[i]: how many seqs it needs (1..1000).
-- Reply, 3 integers per key: status, a, b.
--   0 MISSING   no counter written by THIS Redis process (absent, flushed, restarted, failed over)
--   1 PENDING   another caller is installing a counter after a loss
--   2 GRANTED   a = first, b = last
--   3 EXHAUSTED a = cur, b = ceil: raise the durable mark, then extend
-- The run id comes from the server itself, never from the caller: a replica promoted with stale
-- data has another run id than the master that wrote the hash, so its data is never trusted.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local out = {}
for i, key in ipairs(KEYS) do
  local n = tonumber(ARGV[i])
  local h = redis.call('HMGET', key, 'run', 'state', 'cur', 'ceil')
  if h[1] ~= run then
    out[#out + 1] = 0; out[#out + 1] = 0; out[#out + 1] = 0
  elseif h[2] ~= 'a' then
    out[#out + 1] = 1; out[#out + 1] = 0; out[#out + 1] = 0
  else
    local cur = tonumber(h[3])
    local ceil = tonumber(h[4])
    if cur + n <= ceil then
      local last = redis.call('HINCRBY', key, 'cur', n)
      out[#out + 1] = 2; out[#out + 1] = last - n + 1; out[#out + 1] = last
    else
      out[#out + 1] = 3; out[#out + 1] = cur; out[#out + 1] = ceil
    end
  end
end
return out
