-- One atomic step for a send (docs/architecture.md, "Cluster"): ref de-duplication, mute and slow
-- mode checks, the danmaku budget, the next seq, the append to the room's stream (entry id = seq)
-- and the publish. Lettuce may re-send a script that was in flight during a reconnect, so the
-- de-duplication must live here, not in the caller. Touches only the declared keys, all of one room
-- (one hash tag), so it runs on Redis Cluster too; listing the room is join's caller's job.
-- KEYS: 1 meta, 2 log, 3 settings, 4 mutes, 5 lastchat, 6 budget, 7 ref ('' when none), 8 channel (as a key for hash-tagging)
-- ARGV: 1 kind, 2 userId, 3 body, 4 nowMs, 5 historySize, 6 dedupTtlMs, 7 floor, 8 epochCandidate,
--       9 defaultDanmakuPerSecond
local meta, log, settings, mutes, lastchat, budget, refkey, channel =
    KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local kind, user, body = ARGV[1], ARGV[2], ARGV[3]
local now = tonumber(ARGV[4])

if refkey ~= '' then
  local earlier = redis.call('GET', refkey)
  if earlier then
    return {'dup', tonumber(earlier)}
  end
end

local untilMs = redis.call('HGET', mutes, user)
if untilMs and tonumber(untilMs) > now then
  return {'muted', tonumber(untilMs)}
end

if kind == 'danmaku' then
  local rate = tonumber(redis.call('HGET', settings, 'dps') or ARGV[9])
  local state = redis.call('HMGET', budget, 'tokens', 'at')
  local tokens = tonumber(state[1] or rate)
  local at = tonumber(state[2] or now)
  tokens = math.min(rate, tokens + (now - at) * rate / 1000)
  if tokens < 1 then
    redis.call('HSET', budget, 'tokens', tostring(tokens), 'at', now)
    return {'busy'}
  end
  redis.call('HSET', budget, 'tokens', tostring(tokens - 1), 'at', now)
  redis.call('PEXPIRE', budget, 60000)
  if refkey ~= '' then
    redis.call('SET', refkey, 0, 'PX', ARGV[6])
  end
  redis.call('PUBLISH', channel, '0:0:' .. body)
  return {'ok', 0, '0'}
end

local slow = tonumber(redis.call('HGET', settings, 'slow') or '0')
if slow > 0 then
  local last = redis.call('HGET', lastchat, user)
  if last and now - tonumber(last) < slow * 1000 then
    return {'slow', slow * 1000 - (now - tonumber(last))}
  end
  redis.call('HSET', lastchat, user, now)
end

local epoch = redis.call('HGET', meta, 'epoch')
if not epoch then
  epoch = ARGV[8]
  redis.call('HSET', meta, 'epoch', epoch)
end
local seq = redis.call('HINCRBY', meta, 'seq', 1)
redis.call('HSET', meta, 'at', now)
local floor = tonumber(ARGV[7])
if seq <= floor then
  -- Redis came back with less than a node already delivered (AOF everysec lost the last second):
  -- keep seq increasing and start a new epoch, so positions from before cannot be "recovered".
  seq = floor + 1
  epoch = ARGV[8]
  redis.call('HSET', meta, 'seq', seq, 'epoch', epoch)
end
redis.call('XADD', log, 'MAXLEN', ARGV[5], seq .. '-1', 'b', body)
if refkey ~= '' then
  redis.call('SET', refkey, seq, 'PX', ARGV[6])
end
redis.call('PUBLISH', channel, seq .. ':' .. epoch .. ':' .. body)
return {'ok', seq, epoch}
