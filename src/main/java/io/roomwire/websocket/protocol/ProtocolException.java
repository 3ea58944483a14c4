package io.roomwire.websocket.protocol;

import java.nio.charset.StandardCharsets;

/**
 * A violation of RFC 6455 found while reading: carries the close code the connection must be
 * failed with (§7.1.7) and a reason naming the broken rule. Thrown where the violation is found and
 * turned into a Close frame in exactly one place, the session. Immutable.
 */
public final class ProtocolException extends Exception {

    /** RFC 6455 §5.5: a control frame payload is at most 125 bytes, 2 of which are the code. */
    public static final int MAX_REASON_BYTES = 123;

    private final int closeCode;

    public ProtocolException(int closeCode, String reason) {
        super(trimReason(reason), null, false, false);
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }

    public String reason() {
        return getMessage();
    }

    /** Trims a reason to 123 UTF-8 bytes without splitting a character. */
    public static String trimReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] bytes = reason.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return reason;
        }
        int end = MAX_REASON_BYTES;
        // Back off to the start of a UTF-8 sequence: continuation bytes are 10xxxxxx.
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
