-- ARGV: prefix, name, connectionId, userId, profile, nodeId. A newer binding replaces an older one.
local p, name, node = ARGV[1], ARGV[2], ARGV[6]
local nk = p .. 'dir:name:' .. name
local oldNode = redis.call('HGET', nk, 'node')
if oldNode and oldNode ~= node then
  redis.call('SREM', p .. 'dir:node-names:' .. oldNode, name)
end
redis.call('HSET', nk, 'conn', ARGV[3], 'user', ARGV[4], 'profile', ARGV[5], 'node', node)
redis.call('SADD', p .. 'dir:node-names:' .. node, name)
return 1
