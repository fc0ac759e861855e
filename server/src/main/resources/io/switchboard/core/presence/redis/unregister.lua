-- ARGV: prefix, connectionId. Returns 1 if the entry existed.
local p, id = ARGV[1], ARGV[2]
local ck = p .. 'dir:conn:' .. id
local old = redis.call('HMGET', ck, 'user', 'profile', 'node')
if not old[1] then
  return 0
end
redis.call('SREM', p .. 'dir:user:' .. old[1], id)
redis.call('SREM', p .. 'dir:node:' .. old[3], id)
if redis.call('HINCRBY', p .. 'dir:count:' .. old[2], old[3], -1) <= 0 then
  redis.call('HDEL', p .. 'dir:count:' .. old[2], old[3])
end
redis.call('DEL', ck)
return 1
