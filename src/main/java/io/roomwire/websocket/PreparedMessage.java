package io.roomwire.websocket;

import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;

/**
 * A message serialised and framed once, then sent to many sessions (a broadcast): every session
 * queues a reference to the same read-only frame, so a fan-out to N members costs one encoding, not
 * N. Immutable and thread-safe.
 */
public final class PreparedMessage {

    private final byte[] frame;
    private final int opcode;

    private PreparedMessage(byte[] frame, int opcode) {
        this.frame = frame;
        this.opcode = opcode;
    }

    public static PreparedMessage text(String text) {
        return new PreparedMessage(FrameEncoder.textFrame(text), Opcode.TEXT);
    }

    public static PreparedMessage binary(byte[] data) {
        return new PreparedMessage(FrameEncoder.frame(Opcode.BINARY, data), Opcode.BINARY);
    }

    /** The complete frame, header included. Shared: callers must never modify it. */
    public byte[] frame() {
        return frame;
    }

    /** Bytes on the wire, header included. */
    public int size() {
        return frame.length;
    }

    @Override
    public String toString() {
        return "PreparedMessage[" + Opcode.name(opcode) + ", " + frame.length + " bytes]";
    }
}
