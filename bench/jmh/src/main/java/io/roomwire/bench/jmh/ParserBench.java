package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.MessageAssembler;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The inbound path of a server connection: a stream of {@value #FRAMES} masked client text frames
 * parsed by {@link FrameParser} alone, and through {@link MessageAssembler} wired the way
 * {@code EngineSession} wires it (parser with no RSV bits and masking required, the assembler as its
 * observer, UTF-8 checked as payload streams in, one {@code String} per message). The stream is fed
 * the way {@code InboundReader} does, one {@code ByteBuffer.wrap} per read: all at once, in 16 KB
 * reads (the reader's buffer size) or in 1460-byte TCP segments. One op is one message, so bytes/s =
 * ops/s x (payload + 6..8 header bytes).
 */
@OperationsPerInvocation(ParserBench.FRAMES)
public class ParserBench extends QuickDefaults {

    static final int FRAMES = 64;

    /** The chat gateway's defaults for roomwire.websocket max-frame-size and max-message-size. */
    private static final int LIMIT = 64 * 1024;

    @Param({"64", "1024", "65536"})
    int payloadBytes;

    /** "all": the whole stream in one buffer; else the size of each read. */
    @Param({"all", "16384", "1460"})
    String feed;

    private byte[] stream;
    private int chunk;
    private FrameParser parser;
    private MessageAssembler assembler;
    private final CountingSink sink = new CountingSink();

    @Setup(Level.Trial)
    public void setup(Blackhole bh) throws ProtocolException {
        byte[] payload = Payloads.text("ascii", payloadBytes);
        stream = Payloads.maskedTextFrames(payload, FRAMES);
        chunk = feed.equals("all") ? stream.length : Integer.parseInt(feed);
        parser = new FrameParser(LIMIT, 0, true);
        assembler = new MessageAssembler(new FrameParser(LIMIT, 0, true), LIMIT);
        sink.bh = bh;

        // A sample run that checks every frame, then one of each benchmark (they check their counts).
        FrameParser check = new FrameParser(LIMIT, 0, true);
        ByteBuffer in = ByteBuffer.wrap(stream);
        for (int i = 0; i < FRAMES; i++) {
            Frame frame = check.parse(in);
            if (frame == null || !frame.fin() || frame.opcode() != Opcode.TEXT || !Arrays.equals(frame.payload(), payload)) {
                throw Payloads.fail("frame " + i + " is " + frame);
            }
        }
        if (in.hasRemaining() || !check.isIdle()) {
            throw Payloads.fail(in.remaining() + " bytes left after " + FRAMES + " frames");
        }
        parserOnly(bh);
        parserAndAssembler();
    }

    @Benchmark
    public void parserOnly(Blackhole bh) throws ProtocolException {
        int frames = 0;
        for (int off = 0; off < stream.length; off += chunk) {
            ByteBuffer in = ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off));
            Frame frame;
            while ((frame = parser.parse(in)) != null) {
                bh.consume(frame);
                frames++;
            }
        }
        if (frames != FRAMES || !parser.isIdle()) {
            throw Payloads.fail(frames + " frames parsed, " + parser);
        }
    }

    @Benchmark
    public void parserAndAssembler() throws ProtocolException {
        sink.texts = 0;
        for (int off = 0; off < stream.length; off += chunk) {
            if (assembler.feed(ByteBuffer.wrap(stream, off, Math.min(chunk, stream.length - off)), sink)) {
                throw Payloads.fail("a Close frame");
            }
        }
        if (sink.texts != FRAMES) {
            throw Payloads.fail(sink.texts + " messages assembled, " + assembler);
        }
    }

    /** Takes text messages as EngineSession.onText does; anything else means the input was misread. */
    private static final class CountingSink implements MessageAssembler.Sink {
        Blackhole bh;
        int texts;

        @Override
        public void onText(String text) {
            texts++;
            bh.consume(text);
        }

        @Override
        public void onBinary(byte[] data) {
            throw Payloads.fail("a binary message");
        }

        @Override
        public void onPing(byte[] payload) {
            throw Payloads.fail("a Ping");
        }

        @Override
        public void onPong(byte[] payload) {
            throw Payloads.fail("a Pong");
        }

        @Override
        public void onClose(int code, String reason) {
            throw Payloads.fail("a Close");
        }
    }
}
