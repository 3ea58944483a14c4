package io.roomwire.websocket.protocol;

/** The example frames of RFC 6455 §5.7, byte for byte. */
final class RfcVectors {

    /** A single-frame unmasked text message containing "Hello". */
    static final byte[] UNMASKED_HELLO = Bytes.hex("81 05 48 65 6c 6c 6f");

    /** A single-frame masked text message containing "Hello". */
    static final byte[] MASKED_HELLO = Bytes.hex("81 85 37 fa 21 3d 7f 9f 4d 51 58");

    /** A fragmented unmasked text message: the first fragment, "Hel". */
    static final byte[] FRAGMENT_HEL = Bytes.hex("01 03 48 65 6c");

    /** A fragmented unmasked text message: the second fragment, "lo". */
    static final byte[] FRAGMENT_LO = Bytes.hex("80 02 6c 6f");

    /** An unmasked Ping request with a body of "Hello". */
    static final byte[] UNMASKED_PING = Bytes.hex("89 05 48 65 6c 6c 6f");

    /** A masked Ping response (a Pong) with a body of "Hello". */
    static final byte[] MASKED_PONG = Bytes.hex("8a 85 37 fa 21 3d 7f 9f 4d 51 58");

    /** The header of 256 bytes binary in a single unmasked frame: a 16-bit length. */
    static final byte[] BINARY_256_HEADER = Bytes.hex("82 7e 01 00");

    /** The header of 64 KiB binary in a single unmasked frame: a 64-bit length. */
    static final byte[] BINARY_64K_HEADER = Bytes.hex("82 7f 00 00 00 00 00 01 00 00");

    private RfcVectors() {
    }
}
