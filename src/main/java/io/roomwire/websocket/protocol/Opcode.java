package io.roomwire.websocket.protocol;

/** Frame opcodes of RFC 6455 §5.2 and their classification. Stateless. */
public final class Opcode {

    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private Opcode() {
    }

    /** RFC 6455 §5.5: control frames are identified by the most significant opcode bit. */
    public static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** RFC 6455 §5.2: 0x3-0x7 and 0xB-0xF are reserved for further frames. */
    public static boolean isDefined(int opcode) {
        return opcode <= BINARY || (opcode >= CLOSE && opcode <= PONG);
    }

    public static String name(int opcode) {
        return switch (opcode) {
            case CONTINUATION -> "CONTINUATION";
            case TEXT -> "TEXT";
            case BINARY -> "BINARY";
            case CLOSE -> "CLOSE";
            case PING -> "PING";
            case PONG -> "PONG";
            default -> "RESERVED(0x" + Integer.toHexString(opcode) + ")";
        };
    }
}
