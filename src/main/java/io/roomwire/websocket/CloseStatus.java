package io.roomwire.websocket;

import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.ProtocolException;

/**
 * A close code and reason (RFC 6455 §7.4), as sent, received or reported. Immutable.
 *
 * @param code   1000-4999; 1005 and 1006 only ever as reports, never on the wire
 * @param reason human-readable, at most 123 UTF-8 bytes on the wire (trimmed when longer)
 */
public record CloseStatus(int code, String reason) {

    public static final CloseStatus NORMAL = new CloseStatus(CloseCodes.NORMAL, "");
    public static final CloseStatus GOING_AWAY = new CloseStatus(CloseCodes.GOING_AWAY, "Server shutting down");
    public static final CloseStatus TOO_SLOW = new CloseStatus(CloseCodes.TRY_AGAIN_LATER, "Too slow: outbound queue overflow");
    public static final CloseStatus SERVER_ERROR = new CloseStatus(CloseCodes.INTERNAL_ERROR, "Internal server error");

    public CloseStatus {
        reason = ProtocolException.trimReason(reason);
    }

    /** Whether this status may be sent in a Close frame (RFC 6455 §7.4.1). */
    public boolean isSendable() {
        return CloseCodes.isSendable(code);
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }
}
