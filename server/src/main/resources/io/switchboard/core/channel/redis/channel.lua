-- Every channel operation, atomic per call. ARGV: prefix, op, name, now (epoch ms), then the op's own.
--
-- <p>chan:<name>          hash: slots (newline-joined), grace, cap, seq, ver, exp ('' = none),
--                         quorum (bound slots that establish it; absent = all), bindby (the last
--                         moment a slot can be bound, epoch ms; '' or absent = none), a:<attr>, bu:<slot>/bs:<slot> (bound user/session), oc:<slot>/on:<slot>
--                         (occupying connection and its node), k:<key> ('o'|'j' .. version),
--                         s:<key> (a JSON value), f:<len(key)>:<key><field> (a JSON object's field)
-- <p>chan:<name>:replay   list: "seq\nslot\nsenderId\ntext", the newest cap entries
-- <p>chan-expiry          zset: channel name -> expiry (ms), for the sweep
-- <p>chan-node:<node>     set: "name\nconnection" for every member a node holds, for dead-node cleanup
-- <p>chans                set: every channel name, for the gauge
local p, op, name, now = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4])
local KEEP_MS = 3600000 -- keys of an expired channel that no node swept vanish this long after expiry
local expk = p .. 'chan-expiry'

local function keys(n)
  return p .. 'chan:' .. n, p .. 'chan:' .. n .. ':replay'
end

local function split(s)
  local out = {}
  for part in string.gmatch(s, '([^\n]+)') do
    out[#out + 1] = part
  end
  return out
end

local function slots_of(ck)
  return split(redis.call('HGET', ck, 'slots'))
end

local function live(ck)
  if redis.call('EXISTS', ck) == 0 then
    return false
  end
  local exp = redis.call('HGET', ck, 'exp')
  return exp == '' or tonumber(exp) > now
end

-- Whether enough slots are bound for the channel to live by its members rather than by its expiry.
local function established(ck, slots)
  local bound = 0
  for _, s in ipairs(slots) do
    bound = bound + redis.call('HEXISTS', ck, 'bu:' .. s)
  end
  return bound >= (tonumber(redis.call('HGET', ck, 'quorum')) or #slots)
end

local function occupants(ck, slots)
  local n = 0
  for _, s in ipairs(slots) do
    n = n + redis.call('HEXISTS', ck, 'oc:' .. s)
  end
  return n
end

local function set_expiry(n, ck, rk, at)
  if at then
    redis.call('HSET', ck, 'exp', string.format('%.0f', at))
    redis.call('ZADD', expk, at, n)
    redis.call('PEXPIREAT', ck, at + KEEP_MS)
    redis.call('PEXPIREAT', rk, at + KEEP_MS)
  else
    redis.call('HSET', ck, 'exp', '')
    redis.call('ZREM', expk, n)
    redis.call('PERSIST', ck)
    redis.call('PERSIST', rk)
  end
end

local function grace_expiry(ck)
  return now + tonumber(redis.call('HGET', ck, 'grace'))
end

-- Removes a connection from a channel; true when it was a member.
local function leave(n, conn)
  local ck, rk = keys(n)
  if redis.call('EXISTS', ck) == 0 then
    return false
  end
  local slots = slots_of(ck)
  local found = nil
  for _, s in ipairs(slots) do
    if redis.call('HGET', ck, 'oc:' .. s) == conn then
      found = s
    end
  end
  if not found then
    return false
  end
  local node = redis.call('HGET', ck, 'on:' .. found)
  redis.call('HDEL', ck, 'oc:' .. found, 'on:' .. found)
  redis.call('SREM', p .. 'chan-node:' .. node, n .. '\n' .. conn)
  if occupants(ck, slots) == 0 and established(ck, slots) then
    set_expiry(n, ck, rk, grace_expiry(ck))
  end
  return true
end

local ck, rk = keys(name)

if op == 'create' then
  -- slots, expiresAt ('' = none), grace ms, replay capacity, #bindings, (slot, user, session)*, #attrs, (k, v)*,
  -- quorum
  if live(ck) then
    return {0}
  end
  redis.call('DEL', ck, rk)
  redis.call('HSET', ck, 'slots', ARGV[5], 'grace', ARGV[7], 'cap', ARGV[8], 'seq', '0', 'ver', '0')
  local i = 10
  for _ = 1, tonumber(ARGV[9]) do
    redis.call('HSET', ck, 'bu:' .. ARGV[i], ARGV[i + 1], 'bs:' .. ARGV[i], ARGV[i + 2])
    i = i + 3
  end
  local attrs = tonumber(ARGV[i])
  i = i + 1
  for _ = 1, attrs do
    redis.call('HSET', ck, 'a:' .. ARGV[i], ARGV[i + 1])
    i = i + 2
  end
  redis.call('HSET', ck, 'quorum', ARGV[i], 'bindby', ARGV[6])
  if ARGV[6] == '' then
    set_expiry(name, ck, rk, nil)
  else
    set_expiry(name, ck, rk, tonumber(ARGV[6]))
  end
  redis.call('SADD', p .. 'chans', name)
  return {1}
end

if op == 'bind' then
  -- slot, user, session, required attribute name ('' = none), its value
  local slot = ARGV[5]
  if not live(ck) then
    return {0}
  end
  local slots = slots_of(ck)
  local known = false
  for _, s in ipairs(slots) do
    if s == slot then
      known = true
    end
  end
  if not known or redis.call('HEXISTS', ck, 'bu:' .. slot) == 1 then
    return {0}
  end
  local bindby = redis.call('HGET', ck, 'bindby')
  if bindby and bindby ~= '' and tonumber(bindby) <= now then
    return {0}
  end
  if ARGV[8] ~= '' and redis.call('HGET', ck, 'a:' .. ARGV[8]) ~= ARGV[9] then
    return {0}
  end
  redis.call('HSET', ck, 'bu:' .. slot, ARGV[6], 'bs:' .. slot, ARGV[7])
  if established(ck, slots) then
    if occupants(ck, slots) == 0 then
      set_expiry(name, ck, rk, grace_expiry(ck))
    else
      set_expiry(name, ck, rk, nil)
    end
  end
  return {1, redis.call('HGETALL', ck)}
end

if op == 'join' then
  -- slot, user, session, connection, node, after seq (-1 = no replay)
  local slot, conn, node, after = ARGV[5], ARGV[8], ARGV[9], tonumber(ARGV[10])
  if not live(ck) then
    return {0}
  end
  if redis.call('HGET', ck, 'bu:' .. slot) ~= ARGV[6] or redis.call('HGET', ck, 'bs:' .. slot) ~= ARGV[7] then
    return {0}
  end
  local slots = slots_of(ck)
  local occupant = redis.call('HGET', ck, 'oc:' .. slot)
  if occupant and occupant ~= conn then
    local held = redis.call('HGET', ck, 'on:' .. slot)
    -- A slot held by a node whose heartbeat has expired is free: that node is dead.
    if held == node or redis.call('EXISTS', p .. 'node:' .. held) == 1 then
      return {2, occupants(ck, slots), #slots}
    end
    redis.call('SREM', p .. 'chan-node:' .. held, name .. '\n' .. occupant)
  end
  redis.call('HSET', ck, 'oc:' .. slot, conn, 'on:' .. slot, node)
  redis.call('SADD', p .. 'chan-node:' .. node, name .. '\n' .. conn)
  if established(ck, slots) then
    set_expiry(name, ck, rk, nil)
  end
  local missed = {}
  if after >= 0 then
    for _, e in ipairs(redis.call('LRANGE', rk, 0, -1)) do
      local a = string.find(e, '\n', 1, true)
      local b = string.find(e, '\n', a + 1, true)
      -- A member that rejoins on a new connection must not get back what its own slot sent.
      if tonumber(string.sub(e, 1, a - 1)) > after and string.sub(e, a + 1, b - 1) ~= slot then
        missed[#missed + 1] = e
      end
    end
  end
  return {1, redis.call('HGETALL', ck), missed}
end

if op == 'leave' then
  -- connection
  if not leave(name, ARGV[5]) then
    return {0}
  end
  return {1, redis.call('HGETALL', ck)}
end

if op == 'relay' then
  -- sender, text before seq, text after seq, change mode ('' | value | merge | replace), key, then
  -- for value: the JSON; for merge/replace: #fields, (field, JSON)*
  local sender, mode = ARGV[5], ARGV[8]
  if not live(ck) then
    return {0}
  end
  local slot = nil
  for _, s in ipairs(slots_of(ck)) do
    if redis.call('HGET', ck, 'oc:' .. s) == sender then
      slot = s
    end
  end
  if not slot then
    return {0}
  end
  if mode ~= '' then
    local key = ARGV[9]
    local ver = redis.call('HINCRBY', ck, 'ver', 1)
    local fprefix = 'f:' .. string.len(key) .. ':' .. key
    local kind = redis.call('HGET', ck, 'k:' .. key)
    local function clear()
      for _, f in ipairs(redis.call('HKEYS', ck)) do
        if string.sub(f, 1, string.len(fprefix)) == fprefix then
          redis.call('HDEL', ck, f)
        end
      end
      redis.call('HDEL', ck, 's:' .. key)
    end
    if mode == 'value' then
      clear()
      redis.call('HSET', ck, 'k:' .. key, 'j' .. ver, 's:' .. key, ARGV[10])
    else
      -- merge keeps the fields of a current object; anything else is replaced by the new object
      if mode == 'replace' or not kind or string.sub(kind, 1, 1) ~= 'o' then
        clear()
      end
      redis.call('HSET', ck, 'k:' .. key, 'o' .. ver)
      local i = 11
      for _ = 1, tonumber(ARGV[10]) do
        redis.call('HSET', ck, fprefix .. ARGV[i], ARGV[i + 1])
        i = i + 2
      end
    end
  end
  local seq = redis.call('HINCRBY', ck, 'seq', 1)
  local cap = tonumber(redis.call('HGET', ck, 'cap'))
  if cap > 0 then
    redis.call('RPUSH', rk, seq .. '\n' .. slot .. '\n' .. sender .. '\n' .. ARGV[6] .. seq .. ARGV[7])
    redis.call('LTRIM', rk, -cap, -1)
  end
  return {1, seq}
end

if op == 'get' then
  if not live(ck) then
    return {0}
  end
  return {1, redis.call('HGETALL', ck)}
end

if op == 'expire' then
  -- Removes the channel if its expiry has passed; returns its last state for the listeners.
  if redis.call('EXISTS', ck) == 0 then
    redis.call('ZREM', expk, name)
    redis.call('SREM', p .. 'chans', name)
    return {0}
  end
  local exp = redis.call('HGET', ck, 'exp')
  if exp == '' then
    redis.call('ZREM', expk, name)
    return {0}
  end
  if tonumber(exp) > now then
    return {0}
  end
  local last = redis.call('HGETALL', ck)
  for _, s in ipairs(slots_of(ck)) do
    local conn = redis.call('HGET', ck, 'oc:' .. s)
    if conn then
      redis.call('SREM', p .. 'chan-node:' .. redis.call('HGET', ck, 'on:' .. s), name .. '\n' .. conn)
    end
  end
  redis.call('DEL', ck, rk)
  redis.call('ZREM', expk, name)
  redis.call('SREM', p .. 'chans', name)
  return {1, last}
end

if op == 'remove-node' then
  -- name is the dead node's id: every channel membership it held ends as if its sockets had closed.
  local idx = p .. 'chan-node:' .. name
  local left = 0
  for _, entry in ipairs(redis.call('SMEMBERS', idx)) do
    local nl = string.find(entry, '\n', 1, true)
    if leave(string.sub(entry, 1, nl - 1), string.sub(entry, nl + 1)) then
      left = left + 1
    end
  end
  redis.call('DEL', idx)
  return {left}
end

return redis.error_reply('unknown channel operation ' .. op)
