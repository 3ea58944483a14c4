package io.roomwire.chat.wire;

import io.roomwire.chat.ErrorCode;

/** A client frame that cannot be understood; answered with an {@code error}, the connection lives on. */
public final class WireException extends RuntimeException {

    private final ErrorCode code;
    private final String ref;

    public WireException(ErrorCode code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    /** The code as it appears on the wire. */
    public String code() {
        return code.wire();
    }

    public String ref() {
        return ref;
    }
}
