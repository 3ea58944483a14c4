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
 * @param ts   server time of acceptance, epoch milliseconds
 */
public record ChatMessage(String room, long seq, MessageKind kind, String text, Map<String, Object> meta, User from,
        long ts) {

    public ChatMessage {
        meta = meta == null ? Map.of() : Map.copyOf(meta);
    }
}
