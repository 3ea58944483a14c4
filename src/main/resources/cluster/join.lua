-- A member joins: room_full check against the cluster-wide count, the presence entry, the join
-- event (small rooms only), and what the member learns: count, roster, latest seq and epoch.
-- Touches only the declared keys, all of one room (one hash tag); the caller lists the room.
-- KEYS: 1 presence, 2 settings, 3 meta, 4 channel
-- ARGV: 1 memberKey, 2 userJson, 3 presenceEventLimit, 4 rosterLimit, 5 defaultMaxMembers,
--       6 epochCandidate, 7 nowMs (the room's last activity, for operators), 8 granted ('1' when the
--       member's signed token grants the room: needed when an operator made it private)
local presence, settings, meta, channel = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local key, userJson = ARGV[1], ARGV[2]
if redis.call('HGET', settings, 'private') == '1' and ARGV[8] ~= '1' then
  return {'forbidden'}
end
local count = redis.call('HLEN', presence)
if redis.call('HEXISTS', presence, key) == 0 then
  local max = tonumber(redis.call('HGET', settings, 'max') or ARGV[5])
  if count >= max then
    return {'full', max}
  end
  redis.call('HSET', presence, key, userJson)
  count = count + 1
  if count <= tonumber(ARGV[3]) then
    redis.call('PUBLISH', channel, '0:0:{"t":"presence","e":"join","c":' .. count .. ',"x":"' .. key .. '","u":' .. userJson .. '}')
  end
end
local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
  epoch = ARGV[6]
  redis.call('HSET', meta, 'epoch', epoch)
end
redis.call('HSET', meta, 'at', ARGV[7])
local seq = tonumber(redis.call('HGET', meta, 'seq') or '0')
local roster = {}
local limit = tonumber(ARGV[4])
if limit > 0 then
  local cursor = '0'
  repeat
    local page = redis.call('HSCAN', presence, cursor, 'COUNT', limit)
    cursor = page[1]
    local entries = page[2]
    for i = 2, #entries, 2 do
      if #roster < limit then
        roster[#roster + 1] = entries[i]
      end
    end
  until cursor == '0' or #roster >= limit
end
return {'ok', count, seq, epoch, roster}
