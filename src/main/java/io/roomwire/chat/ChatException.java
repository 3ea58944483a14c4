package io.roomwire.chat;

/**
 * A refused request, with the protocol's error code (docs/protocol.md, "Errors") and a message for
 * people. The connection stays open. Immutable.
 */
public final class ChatException extends RuntimeException {

    private final ErrorCode code;

    public ChatException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
