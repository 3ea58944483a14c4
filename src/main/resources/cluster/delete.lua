-- An operator deletes a chat message: history keeps a tombstone, every node tells its members.
-- KEYS: 1 log, 2 deleted, 3 channel
-- ARGV: 1 seq, 2 event body
local id = ARGV[1] .. '-1'
local found = redis.call('XRANGE', KEYS[1], id, id)
if #found == 0 or redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[2], ARGV[1], 1)
redis.call('PUBLISH', KEYS[3], '0:0:' .. ARGV[2])
return 1
