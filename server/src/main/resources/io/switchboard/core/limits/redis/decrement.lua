-- Takes back one event. KEYS[1]: the counter key of the current window. Never goes below zero and
-- never creates a key (DECR keeps the key's expiry). Returns the count left.
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count > 0 then
  return redis.call('DECR', KEYS[1])
end
return 0
