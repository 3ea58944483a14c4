package io.roomwire.chat;

/**
 * A refused request, with the protocol's error code (shared/PROTOCOL.md and docs/protocol.md) and a
 * message for people. The connection stays open. Immutable.
 */
public final class ChatException extends RuntimeException {

    public static final String BAD_REQUEST = "bad_request";
    public static final String NOT_MEMBER = "not_member";
    public static final String RATE_LIMITED = "rate_limited";
    public static final String TOO_LONG = "too_long";
    public static final String UNKNOWN_TYPE = "unknown_type";
    public static final String ROOM_FULL = "room_full";
    public static final String INVALID_ROOM = "invalid_room";
    public static final String TOO_MANY_ROOMS = "too_many_rooms";
    public static final String SERVER_FULL = "server_full";
    public static final String ROOM_BUSY = "room_busy";
    public static final String MUTED = "muted";
    public static final String SLOW_MODE = "slow_mode";
    public static final String NO_SUCH_ROOM = "no_such_room";

    private final String code;

    public ChatException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
