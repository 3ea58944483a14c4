package io.roomwire.cluster;

import io.roomwire.chat.ChatMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads a room's history from its Redis stream (entry id {@code <seq>-1}), tombstones applied: the
 * source for {@code history} pages, {@code join} with {@code since}, and gap fills. Thread-safe.
 */
final class RoomHistory {

    /** Messages, oldest first. */
    record Page(List<ChatMessage> messages) {
    }

    /** The room's latest seq and epoch (null before its first message or join). */
    record Position(long seq, String epoch) {
    }

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final EventCodec codec;

    RoomHistory(RedisGateway redis, RedisKeys keys, EventCodec codec) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
    }

    /** Messages with seq in ({@code since}, {@code upTo}]. */
    Page after(String room, long since, long upTo) {
        if (upTo <= since) {
            return new Page(List.of()); // nothing to read: no round trip
        }
        return page(room, redis.script(RedisGateway.RANGE, List.of(keys.log(room), keys.deleted(room)),
                "after", Long.toString(since), Long.toString(upTo), "0"), false);
    }

    /** The {@code count} latest messages with seq below {@code before} (null: the latest). */
    Page before(String room, Long before, int count) {
        return page(room, redis.script(RedisGateway.RANGE, List.of(keys.log(room), keys.deleted(room)),
                "before", before == null ? "+" : Long.toString(before), "0", Integer.toString(count)), true);
    }

    Position position(String room) {
        List<Object> values = redis.call(() -> redis.template().opsForHash().multiGet(keys.meta(room),
                List.of("seq", "epoch")));
        Object seq = values.get(0);
        Object epoch = values.get(1);
        return new Position(seq == null ? 0 : Long.parseLong(seq.toString()), epoch == null ? null : epoch.toString());
    }

    private Page page(String room, List<?> reply, boolean newestFirst) {
        List<?> entries = reply;
        List<ChatMessage> messages = new ArrayList<>(entries.size());
        for (Object e : entries) {
            List<?> entry = (List<?>) e;
            long seq = Long.parseLong(entry.get(0).toString());
            ChatMessage message = codec.message(room, seq, codec.read(entry.get(1).toString()));
            messages.add(((Number) entry.get(2)).longValue() == 1 ? message.tombstone() : message);
        }
        if (newestFirst) {
            Collections.reverse(messages);
        }
        return new Page(messages);
    }
}
