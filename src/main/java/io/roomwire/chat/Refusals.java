package io.roomwire.chat;

import java.time.Instant;

/** The refusals whose wording both room stores share, so a member reads the same text on any node. */
public final class Refusals {

    private Refusals() {
    }

    public static ChatException muted(String room, long untilMillis) {
        return new ChatException(ErrorCode.MUTED, "You are muted in room " + room + " until " + Instant.ofEpochMilli(untilMillis));
    }

    public static ChatException slowMode(long waitNanos) {
        return new ChatException(ErrorCode.SLOW_MODE, "Slow mode: wait "
                + Math.max(1, (waitNanos + 999_999_999L) / 1_000_000_000L) + " s before your next message");
    }

    public static ChatException roomBusy(String room) {
        return new ChatException(ErrorCode.ROOM_BUSY, "Room " + room + " is over its danmaku budget");
    }

    public static ChatException forbidden(String room) {
        return new ChatException(ErrorCode.FORBIDDEN, "Room " + room + " is private: your token does not grant it");
    }

    public static ChatException roomFull(String room, int max) {
        return new ChatException(ErrorCode.ROOM_FULL, "Room " + room + " is full (" + max + " members)");
    }
}
