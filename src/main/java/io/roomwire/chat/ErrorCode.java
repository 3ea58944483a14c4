package io.roomwire.chat;

/**
 * The {@code code} of an {@code error} reply (docs/protocol.md, "Errors"). The connection stays open
 * after every one of them.
 */
public enum ErrorCode {
    BAD_REQUEST("bad_request"),
    UNKNOWN_TYPE("unknown_type"),
    INVALID_ROOM("invalid_room"),
    NOT_MEMBER("not_member"),
    TOO_LONG("too_long"),
    TOO_MANY_ROOMS("too_many_rooms"),
    ROOM_FULL("room_full"),
    SERVER_FULL("server_full"),
    RATE_LIMITED("rate_limited"),
    ROOM_BUSY("room_busy"),
    MUTED("muted"),
    SLOW_MODE("slow_mode"),
    NO_SUCH_ROOM("no_such_room"),
    /** A private room the connection's token does not grant, or moderation without the right to it. */
    FORBIDDEN("forbidden"),
    /** A moderator's target that is not there: a user not in the room, not muted, a message not held. */
    NOT_FOUND("not_found"),
    /** Token mode: nothing but {@code auth} before the connection has authenticated, or a refused token. */
    UNAUTHORIZED("unauthorized"),
    /** Cluster mode: the shared store (Redis) cannot be reached; nothing was accepted, retry later. */
    UNAVAILABLE("unavailable");

    private final String wire;

    ErrorCode(String wire) {
        this.wire = wire;
    }

    /** The code as it appears on the wire. */
    public String wire() {
        return wire;
    }
}
