package io.roomwire.websocket.protocol;

/**
 * One parsed frame with its payload already unmasked. The payload array belongs to the frame; the
 * parser never reuses it.
 *
 * @param fin     RFC 6455 §5.2 FIN bit
 * @param rsv     the three RSV bits as a number 0-7 (RSV1 = 4)
 * @param opcode  see {@link Opcode}
 * @param payload the unmasked application data
 */
public record Frame(boolean fin, int rsv, int opcode, byte[] payload) {

    @Override
    public String toString() {
        return "Frame[" + Opcode.name(opcode) + (fin ? ", fin" : "") + (rsv != 0 ? ", rsv=" + rsv : "")
                + ", " + payload.length + " bytes]";
    }
}
