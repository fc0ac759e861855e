-- ARGV: prefix, nodeId. Removes every entry and binding a node left behind; returns how many entries.
local p, node = ARGV[1], ARGV[2]
local ids = redis.call('SMEMBERS', p .. 'dir:node:' .. node)
for _, id in ipairs(ids) do
  local ck = p .. 'dir:conn:' .. id
  local e = redis.call('HMGET', ck, 'user', 'profile')
  if e[1] then
    redis.call('SREM', p .. 'dir:user:' .. e[1], id)
    redis.call('HDEL', p .. 'dir:count:' .. e[2], node)
    redis.call('DEL', ck)
  end
end
for _, name in ipairs(redis.call('SMEMBERS', p .. 'dir:node-names:' .. node)) do
  local nk = p .. 'dir:name:' .. name
  if redis.call('HGET', nk, 'node') == node then
    redis.call('DEL', nk)
  end
end
redis.call('DEL', p .. 'dir:node:' .. node, p .. 'dir:node-names:' .. node)
return #ids
