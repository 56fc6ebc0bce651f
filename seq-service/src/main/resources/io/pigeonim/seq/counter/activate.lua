-- Makes this caller's pending counters live. KEYS[i]: a counter hash; ARGV[1]: the token.
-- Reply per key: 1 live now, 0 not ours any more (replaced by a later raise, expired, lost).
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local out = {}
for i, key in ipairs(KEYS) do
  local h = redis.call('HMGET', key, 'run', 'state', 'tok')
  if h[1] == run and h[2] == 'p' and h[3] == ARGV[1] then
    redis.call('HSET', key, 'state', 'a')
    redis.call('HDEL', key, 'tok')
    redis.call('PERSIST', key)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
