-- Installs a PENDING counter where none is live: cur = floor (the durable mark before this
-- caller's raise), ceil = the raised mark. Nobody allocates from it until activate.lua, which the
-- caller runs only after re-reading the mark in MySQL and finding its own raise still the latest.
-- KEYS[i]: a counter hash; ARGV[1]: token; ARGV[2]: TTL in ms (a crashed caller's pending
-- counter expires); ARGV[1 + 2i], ARGV[2 + 2i]: floor and ceil of KEYS[i].
-- Reply per key: 1 staged, 0 not (a live counter exists, or a pending one from a later raise).
local run = string.match(redis.call('INFO', 'server'), 'run_id:(%x+)')
local out = {}
for i, key in ipairs(KEYS) do
  local floor = ARGV[1 + 2 * i]
  local ceil = ARGV[2 + 2 * i]
  local h = redis.call('HMGET', key, 'run', 'state', 'ceil')
  if h[1] == run and (h[2] == 'a' or tonumber(h[3]) >= tonumber(ceil)) then
    out[#out + 1] = 0
  else
    redis.call('DEL', key)
    redis.call('HSET', key, 'run', run, 'state', 'p', 'cur', floor, 'ceil', ceil, 'tok', ARGV[1])
    redis.call('PEXPIRE', key, ARGV[2])
    out[#out + 1] = 1
  end
end
return out
