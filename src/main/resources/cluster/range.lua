-- History reads: stream entries with their tombstones applied. Entry ids are '<seq>-1'.
-- KEYS: 1 log, 2 deleted
-- ARGV: 1 'after' (seq > ARGV[2], up to seq ARGV[3]) or 'before' (the ARGV[4] latest with seq < ARGV[2];
--       ARGV[2] = '+' for the latest), 4 count
local log, deleted = KEYS[1], KEYS[2]
local entries
if ARGV[1] == 'after' then
  entries = redis.call('XRANGE', log, '(' .. ARGV[2] .. '-1', ARGV[3] .. '-1')
else
  local top = ARGV[2] == '+' and '+' or ('(' .. ARGV[2] .. '-1')
  entries = redis.call('XREVRANGE', log, top, '-', 'COUNT', ARGV[4])
end
local out = {}
for i, e in ipairs(entries) do
  local id = e[1]
  local seq = string.sub(id, 1, string.find(id, '-', 1, true) - 1)
  local body = e[2][2]
  local gone = redis.call('HEXISTS', deleted, seq)
  out[#out + 1] = {seq, body, gone}
end
return out
