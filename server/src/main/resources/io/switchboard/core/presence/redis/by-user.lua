-- ARGV: prefix, userId. Returns connectionId, userId, profile, nodeId for each entry, flattened.
local p = ARGV[1]
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', p .. 'dir:user:' .. ARGV[2])) do
  local e = redis.call('HMGET', p .. 'dir:conn:' .. id, 'user', 'profile', 'node')
  if e[1] then
    table.insert(out, id)
    table.insert(out, e[1])
    table.insert(out, e[2])
    table.insert(out, e[3])
  end
end
return out
