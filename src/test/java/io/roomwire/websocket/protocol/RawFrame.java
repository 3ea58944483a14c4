package io.roomwire.websocket.protocol;

import java.io.ByteArrayOutputStream;

/**
 * A raw frame builder (docs/architecture.md §10): writes RFC 6455 §5.2 frames bit by bit, including the
 * ones no encoder would produce (reserved bits and opcodes, fragmented control frames, non-minimal
 * or lying lengths). Masks with its own byte-by-byte XOR, so tests of {@link Masking} and
 * {@link FrameEncoder} do not check those classes against themselves. Frames are masked with the
 * §5.7 example key unless told otherwise, as a client's frames must be (§5.1).
 */
final class RawFrame {

    /** The masking key of the RFC 6455 §5.7 examples. */
    static final byte[] RFC_KEY = Bytes.hex("37 fa 21 3d");

    private final int opcode;
    private final byte[] payload;
    private boolean fin = true;
    private int rsv;
    private byte[] maskKey = RFC_KEY;
    private int lengthBits; // 0: minimal, else 7, 16 or 64
    private Long declaredLength;

    private RawFrame(int opcode, byte[] payload) {
        this.opcode = opcode;
        this.payload = payload;
    }

    static RawFrame of(int opcode, byte[] payload) {
        return new RawFrame(opcode, payload);
    }

    static RawFrame text(String text) {
        return of(Opcode.TEXT, Bytes.utf8(text));
    }

    static RawFrame text(byte[] payload) {
        return of(Opcode.TEXT, payload);
    }

    static RawFrame binary(byte[] payload) {
        return of(Opcode.BINARY, payload);
    }

    static RawFrame continuation(String text) {
        return of(Opcode.CONTINUATION, Bytes.utf8(text));
    }

    static RawFrame continuation(byte[] payload) {
        return of(Opcode.CONTINUATION, payload);
    }

    static RawFrame ping(String payload) {
        return of(Opcode.PING, Bytes.utf8(payload));
    }

    static RawFrame ping(byte[] payload) {
        return of(Opcode.PING, payload);
    }

    static RawFrame pong(String payload) {
        return of(Opcode.PONG, Bytes.utf8(payload));
    }

    /** A Close frame with exactly this payload. */
    static RawFrame close(byte[] payload) {
        return of(Opcode.CLOSE, payload);
    }

    /** §5.5.1: a Close body is a 2-byte code in network order followed by a UTF-8 reason. */
    static RawFrame close(int code, byte[] reason) {
        return close(Bytes.concat(new byte[] {(byte) (code >>> 8), (byte) code}, reason));
    }

    static RawFrame close(int code, String reason) {
        return close(code, Bytes.utf8(reason));
    }

    /** Clears FIN: more fragments follow. */
    RawFrame more() {
        fin = false;
        return this;
    }

    /** The RSV bits as a number 0-7, RSV1 = 4 (Autobahn's "RSV = n"). */
    RawFrame rsv(int bits) {
        rsv = bits;
        return this;
    }

    RawFrame unmasked() {
        maskKey = null;
        return this;
    }

    RawFrame maskedWith(byte[] key) {
        maskKey = key;
        return this;
    }

    /** Writes the length in the 16-bit form even where 7 bits would do. */
    RawFrame length16() {
        lengthBits = 16;
        return this;
    }

    /** Writes the length in the 64-bit form even where fewer bits would do. */
    RawFrame length64() {
        lengthBits = 64;
        return this;
    }

    /** Puts this length in the header whatever the payload really is. */
    RawFrame declaring(long length) {
        declaredLength = length;
        return this;
    }

    /** Everything before the payload: the two fixed bytes, the extended length and the key. */
    byte[] header() {
        long length = declaredLength != null ? declaredLength : payload.length;
        int bits = lengthBits != 0 ? lengthBits
                : length >= 0 && length <= 125 ? 7 : length >= 0 && length <= 0xFFFF ? 16 : 64;
        int maskBit = maskKey != null ? 0x80 : 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | (rsv << 4) | opcode);
        switch (bits) {
            case 7 -> out.write(maskBit | (int) length);
            case 16 -> {
                out.write(maskBit | 126);
                out.write((int) (length >>> 8));
                out.write((int) length);
            }
            default -> {
                out.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out.write((int) (length >>> shift));
                }
            }
        }
        if (maskKey != null) {
            out.writeBytes(maskKey);
        }
        return out.toByteArray();
    }

    /** The whole frame as it travels. */
    byte[] bytes() {
        return upTo(payload.length);
    }

    /** The header and the first {@code payloadBytes} payload bytes: a frame still in flight. */
    byte[] upTo(int payloadBytes) {
        byte[] body = new byte[payloadBytes];
        for (int i = 0; i < payloadBytes; i++) {
            // §5.3: octet i of the payload is XORed with octet i MOD 4 of the key.
            body[i] = maskKey == null ? payload[i] : (byte) (payload[i] ^ maskKey[i % 4]);
        }
        return Bytes.concat(header(), body);
    }

    /** Frames back to back, as one stream of bytes. */
    static byte[] wire(RawFrame... frames) {
        byte[][] parts = new byte[frames.length][];
        for (int i = 0; i < frames.length; i++) {
            parts[i] = frames[i].bytes();
        }
        return Bytes.concat(parts);
    }
}
