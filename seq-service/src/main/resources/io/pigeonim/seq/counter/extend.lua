-- Raises the ceiling of live counters to a mark already durable in MySQL. Only raises.
-- KEYS[i]: a counter hash; ARGV[i]: the new ceiling.
-- Reply per key: 1 raised (or already higher), 0 no live counter of this process: start over.
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local out = {}
for i, key in ipairs(KEYS) do
  local h = redis.call('HMGET', key, 'run', 'state', 'ceil')
  if h[1] ~= run or h[2] ~= 'a' then
    out[#out + 1] = 0
  else
    if tonumber(h[3]) < tonumber(ARGV[i]) then
      redis.call('HSET', key, 'ceil', ARGV[i])
    end
    out[#out + 1] = 1
  end
end
return out
