package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * The outbound path: one unmasked server text frame for a chat-sized message.
 * {@code textFrameFromString} is {@link FrameEncoder#textFrame(String)}, which the session and
 * {@code PreparedMessage} use (ASCII copied straight into the frame, else encoded then copied);
 * {@code frameFromBytes} frames bytes already encoded; {@code baselineGetBytesThenFrame} is
 * {@code getBytes(UTF_8)} then frame, the path without the ASCII shortcut. One op is one frame.
 */
public class EncoderBench extends QuickDefaults {

    @Param({"ascii", "mixed"})
    String text;

    /** UTF-8 bytes of the message. */
    @Param({"100", "1024"})
    int payloadBytes;

    private String message;
    private byte[] bytes;

    @Setup(Level.Trial)
    public void setup() throws ProtocolException {
        bytes = Payloads.text(text, payloadBytes);
        message = new String(bytes, StandardCharsets.UTF_8);
        byte[] frame = textFrameFromString();
        if (!Arrays.equals(frame, frameFromBytes()) || !Arrays.equals(frame, baselineGetBytesThenFrame())) {
            throw Payloads.fail("the encoders disagree");
        }
        Frame parsed = new FrameParser(Long.MAX_VALUE, 0, false).parse(ByteBuffer.wrap(frame));
        if (parsed == null || !parsed.fin() || parsed.opcode() != Opcode.TEXT || !Arrays.equals(parsed.payload(), bytes)) {
            throw Payloads.fail("the frame parses back as " + parsed);
        }
    }

    @Benchmark
    public byte[] textFrameFromString() {
        return FrameEncoder.textFrame(message);
    }

    @Benchmark
    public byte[] frameFromBytes() {
        return FrameEncoder.frame(Opcode.TEXT, bytes);
    }

    @Benchmark
    public byte[] baselineGetBytesThenFrame() {
        return FrameEncoder.frame(Opcode.TEXT, message.getBytes(StandardCharsets.UTF_8));
    }
}
