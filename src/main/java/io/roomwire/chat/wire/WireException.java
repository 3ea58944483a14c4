package io.roomwire.chat.wire;

/** A client frame that cannot be understood; answered with an {@code error}, the connection lives on. */
public final class WireException extends RuntimeException {

    private final String code;
    private final String ref;

    public WireException(String code, String message, String ref) {
        super(message, null, false, false);
        this.code = code;
        this.ref = ref;
    }

    public String code() {
        return code;
    }

    public String ref() {
        return ref;
    }
}
