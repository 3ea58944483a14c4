package io.roomwire.chat;

import java.util.Map;

/**
 * One message in a room. Immutable.
 *
 * @param room the room name
 * @param seq  per-room sequence number for chat (1, 2, 3, ... with no gaps); 0 for danmaku
 * @param kind chat or danmaku
 * @param text the trimmed text
 * @param meta small client-supplied attributes (danmaku colour and mode), never null
 * @param from the sender
 * @param ts      server time of acceptance, epoch milliseconds
 * @param deleted true for a tombstone: an operator deleted the message, text and meta are gone
 */
public record ChatMessage(String room, long seq, MessageKind kind, String text, Map<String, Object> meta, User from,
        long ts, boolean deleted) {

    public ChatMessage {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }

    public ChatMessage(String room, long seq, MessageKind kind, String text, Map<String, Object> meta, User from,
            long ts) {
        this(room, seq, kind, text, meta, from, ts, false);
    }

    /** The tombstone left in history when an operator deletes this message. */
    public ChatMessage tombstone() {
        return new ChatMessage(room, seq, kind, "", Map.of(), from, ts, true);
    }
}
