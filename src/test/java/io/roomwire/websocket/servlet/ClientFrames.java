package io.roomwire.websocket.servlet;

import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Raw frames as a client sends them: masked (RFC 6455 §5.1), built with {@link FrameEncoder}, plus
 * the deliberately broken ones a server must refuse. Stateless.
 */
final class ClientFrames {

    /** The masking key of RFC 6455 §5.7's masked "Hello" example. */
    static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};

    private ClientFrames() {
    }

    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        return FrameEncoder.frame(fin, opcode, payload, 0, payload.length, MASK);
    }

    static byte[] text(String text) {
        return frame(true, Opcode.TEXT, utf8(text));
    }

    static byte[] binary(byte[] data) {
        return frame(true, Opcode.BINARY, data);
    }

    static byte[] ping(byte[] payload) {
        return frame(true, Opcode.PING, payload);
    }

    static byte[] pong(byte[] payload) {
        return frame(true, Opcode.PONG, payload);
    }

    /** A Close frame with a code and reason (§5.5.1). */
    static byte[] close(int code, String reason) {
        return frame(true, Opcode.CLOSE, FrameEncoder.closePayload(code, reason));
    }

    /** A Close frame with no body: the receiver reports 1005 (§7.1.5). */
    static byte[] closeEmpty() {
        return frame(true, Opcode.CLOSE, new byte[0]);
    }

    /** A frame with the mask bit clear: §5.1 says the server MUST close on it. */
    static byte[] unmasked(int opcode, byte[] payload) {
        return FrameEncoder.frame(opcode, payload);
    }

    /** A masked frame with RSV bits set ({@code rsv} 1-7) and no extension negotiated (§5.2). */
    static byte[] withRsv(int rsv, byte[] frame) {
        byte[] copy = frame.clone();
        copy[0] = (byte) (copy[0] | (rsv << 4));
        return copy;
    }

    static byte[] concat(byte[]... frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
        }
        return out.toByteArray();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
