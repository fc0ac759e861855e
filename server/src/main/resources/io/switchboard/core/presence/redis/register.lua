-- ARGV: prefix, connectionId, userId, profile, nodeId. Replaces an earlier entry of the same id.
local p, id, user, profile, node = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local ck = p .. 'dir:conn:' .. id
local old = redis.call('HMGET', ck, 'user', 'profile', 'node')
if old[1] then
  redis.call('SREM', p .. 'dir:user:' .. old[1], id)
  redis.call('SREM', p .. 'dir:node:' .. old[3], id)
  if redis.call('HINCRBY', p .. 'dir:count:' .. old[2], old[3], -1) <= 0 then
    redis.call('HDEL', p .. 'dir:count:' .. old[2], old[3])
  end
end
redis.call('HSET', ck, 'user', user, 'profile', profile, 'node', node)
redis.call('SADD', p .. 'dir:user:' .. user, id)
redis.call('SADD', p .. 'dir:node:' .. node, id)
redis.call('HINCRBY', p .. 'dir:count:' .. profile, node, 1)
return 1
