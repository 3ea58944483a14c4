package io.roomwire.websocket;

import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;

/**
 * A message serialised and framed once, then sent to many sessions (a broadcast): every session
 * queues a reference to the same read-only frame, so a fan-out to N members costs one encoding, not
 * N. For members that negotiated permessage-deflate without server context takeover it also carries
 * the compressed frame, made on the first such send and then shared the same way, so a broadcast is
 * compressed at most once, and never when no member negotiated. Thread-safe.
 */
public final class PreparedMessage {

    private final byte[] frame;
    private final int opcode;
    private final int headerLength;
    /** The frame for deflate sessions: compressed, or {@link #frame} when that did not pay. */
    private volatile byte[] deflated;

    private PreparedMessage(byte[] frame, int opcode, int payloadLength) {
        this.frame = frame;
        this.opcode = opcode;
        this.headerLength = frame.length - payloadLength;
    }

    public static PreparedMessage text(String text) {
        byte[] frame = FrameEncoder.textFrame(text);
        return new PreparedMessage(frame, Opcode.TEXT, payloadLength(frame));
    }

    public static PreparedMessage binary(byte[] data) {
        return new PreparedMessage(FrameEncoder.frame(Opcode.BINARY, data), Opcode.BINARY, data.length);
    }

    /** The complete frame, header included. Shared: callers must never modify it. */
    public byte[] frame() {
        return frame;
    }

    /**
     * The frame for a session that negotiated permessage-deflate without server context takeover
     * (RFC 7692 §7.1.1.1): compressed by {@code compressor} on the first call, the same array after.
     * Shared: callers must never modify it.
     */
    public byte[] deflatedFrame(FrameCompressor compressor) {
        byte[] d = deflated;
        if (d == null) {
            synchronized (this) {
                d = deflated;
                if (d == null) {
                    byte[] compressed = compressor.compress(opcode, frame, headerLength, frame.length - headerLength);
                    deflated = d = compressed != null ? compressed : frame;
                }
            }
        }
        return d;
    }

    /** The message type, {@link Opcode#TEXT} or {@link Opcode#BINARY}. */
    public int opcode() {
        return opcode;
    }

    /** Where the payload starts in {@link #frame()}. */
    public int payloadOffset() {
        return headerLength;
    }

    /** Bytes on the wire, header included. */
    public int size() {
        return frame.length;
    }

    /** The payload length encoded in an unmasked frame's header (RFC 6455 §5.2). */
    private static int payloadLength(byte[] frame) {
        int len7 = frame[1] & 0x7F;
        return len7 < 126 ? len7 : frame.length - (len7 == 126 ? 4 : 10);
    }

    @Override
    public String toString() {
        return "PreparedMessage[" + Opcode.name(opcode) + ", " + frame.length + " bytes"
                + (deflated != null && deflated != frame ? ", deflated to " + deflated.length : "") + "]";
    }
}
