-- Presence entries leave: each one removed is announced once (small rooms only), so two nodes that
-- both try to remove a dead node's members announce each member exactly once.
-- KEYS: 1 presence, 2 channel
-- ARGV: 1 presenceEventLimit, 2 mode ('key': ARGV[3..] are member keys; 'prefix': ARGV[3] is a
--       node prefix; 'user': ARGV[3] is a user id)
local presence, channel = KEYS[1], KEYS[2]
local limit, mode = tonumber(ARGV[1]), ARGV[2]
local victims = {}
if mode == 'key' then
  for i = 3, #ARGV do
    local v = redis.call('HGET', presence, ARGV[i])
    if v then
      victims[#victims + 1] = {ARGV[i], v}
    end
  end
else
  local all = redis.call('HGETALL', presence)
  for i = 1, #all, 2 do
    local k, v = all[i], all[i + 1]
    if (mode == 'prefix' and string.sub(k, 1, #ARGV[3]) == ARGV[3])
        or (mode == 'user' and cjson.decode(v)['id'] == ARGV[3]) then
      victims[#victims + 1] = {k, v}
    end
  end
end
local removed = {}
for _, kv in ipairs(victims) do
  if redis.call('HDEL', presence, kv[1]) == 1 then
    removed[#removed + 1] = kv[1]
    local count = redis.call('HLEN', presence)
    if count < limit then
      redis.call('PUBLISH', channel, '0:0:{"t":"presence","e":"leave","c":' .. count .. ',"x":"' .. kv[1] .. '","u":' .. kv[2] .. '}')
    end
  end
end
return removed
