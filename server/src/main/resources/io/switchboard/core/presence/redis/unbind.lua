-- ARGV: prefix, name, connectionId. Deletes the binding only if it still names that connection.
local p, name = ARGV[1], ARGV[2]
local nk = p .. 'dir:name:' .. name
local e = redis.call('HMGET', nk, 'conn', 'node')
if e[1] ~= ARGV[3] then
  return 0
end
redis.call('DEL', nk)
redis.call('SREM', p .. 'dir:node-names:' .. e[2], name)
return 1
