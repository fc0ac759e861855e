-- Counts one event. KEYS[1]: the counter key of the current window; ARGV[1]: milliseconds the key
-- lives (the rest of the window plus a margin). A key without an expiry gets one, so every key
-- goes away with its window. Returns the count, this event included.
local count = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return count
