package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.MessageDeflater;
import io.roomwire.websocket.protocol.Opcode;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What a broadcast costs the publisher with permessage-deflate (RFC 7692), per delivery: one op is
 * one chat message framed and handed to {@code members} member queues (a reference stored in an
 * array, as {@code OutboundFlusher} does). {@code plain} frames once; {@code compressOnce} frames
 * and compresses once with a pooled deflater and shares the compressed frame (the {@code shared}
 * mode, {@code PreparedMessage.deflatedFrame}); {@code compressPerMember} compresses once per member
 * with each member's own context (the {@code dedicated} mode). Deliveries/s = ops/s x members.
 */
public class DeflateBroadcastBench extends QuickDefaults {

    @Param({"10", "1000"})
    int members;

    /** UTF-8 bytes of the chat JSON. */
    @Param({"200", "1024"})
    int payloadBytes;

    private byte[] payload;
    private byte[][] queues;
    private MessageDeflater deflater;
    private MessageDeflater.Context[] contexts;

    @Setup(Level.Trial)
    public void setup() {
        payload = Payloads.text("ascii", payloadBytes);
        queues = new byte[members][];
        deflater = new MessageDeflater(6, 0);
        contexts = new MessageDeflater.Context[members];
        for (int i = 0; i < members; i++) {
            contexts[i] = deflater.newContext();
        }
        if (deflater.frameWithoutContext(Opcode.TEXT, payload, 0, payload.length) == null) {
            throw Payloads.fail("nothing compressed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (MessageDeflater.Context c : contexts) {
            c.end();
        }
    }

    @Benchmark
    public byte[][] plain() {
        byte[] frame = FrameEncoder.frame(Opcode.TEXT, payload);
        for (int i = 0; i < members; i++) {
            queues[i] = frame;
        }
        return queues;
    }

    @Benchmark
    public byte[][] compressOnce() {
        FrameEncoder.frame(Opcode.TEXT, payload); // the plain frame is made for the members without deflate
        byte[] frame = deflater.frameWithoutContext(Opcode.TEXT, payload, 0, payload.length);
        for (int i = 0; i < members; i++) {
            queues[i] = frame;
        }
        return queues;
    }

    @Benchmark
    public byte[][] compressPerMember() {
        for (int i = 0; i < members; i++) {
            queues[i] = contexts[i].frame(Opcode.TEXT, payload, 0, payload.length);
        }
        return queues;
    }
}
