package io.roomwire.chat;

import java.util.Locale;

/** What a message is: chat is numbered, stored and never dropped silently; danmaku is live only. */
public enum MessageKind {
    CHAT, DANMAKU;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code wire} ({@code chat} or {@code danmaku}). */
    public static MessageKind fromWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
