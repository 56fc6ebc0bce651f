-- Drops this caller's pending counters whose raise turned out stale.
-- KEYS[i]: a counter hash; ARGV[1]: the token. Reply per key: 1 dropped, 0 not ours.
local out = {}
for i, key in ipairs(KEYS) do
  local h = redis.call('HMGET', key, 'state', 'tok')
  if h[1] == 'p' and h[2] == ARGV[1] then
    redis.call('DEL', key)
    out[#out + 1] = 1
  else
    out[#out + 1] = 0
  end
end
return out
