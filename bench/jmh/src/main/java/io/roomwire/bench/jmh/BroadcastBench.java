package io.roomwire.bench.jmh;

import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.servlet.BroadcastFixture;

import java.nio.charset.StandardCharsets;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The engine's side of a broadcast: one {@link PreparedMessage} (framed, and with {@code deflate}
 * compressed, once in setup) sent to {@code members} real engine sessions, as the gateway's
 * {@code Broadcaster} loop sends it, then flushed through each session's {@code OutboundFlusher}
 * into an in-memory transport. One op is one broadcast: N enqueues and N flushes; per delivery is
 * the op divided by N. Run with {@code -prof gc} for the bytes allocated per op.
 *
 * <p>{@code flush=caller} runs the booked flushes on the benchmark thread, each as a
 * {@code FlushWorkers} turn; {@code flush=workers} hands them to a one-thread {@code FlushWorkers}
 * and waits (yielding) until every byte is written, so it also pays the hand-off and the writer's
 * wake-up, which depend on the machine's other load far more than the engine's code does.
 */
public class BroadcastBench extends QuickDefaults {

    @Param({"10", "1000"})
    int members;

    /** {@code off}, or {@code shared}: every member agreed permessage-deflate without context takeover. */
    @Param({"off", "shared"})
    String deflate;

    @Param({"caller", "workers"})
    String flush;

    /** UTF-8 bytes of the chat JSON. */
    @Param({"200"})
    int payloadBytes;

    private BroadcastFixture fixture;
    private WebSocketSession[] sessions;
    private PreparedMessage prepared;
    private long bytesPerOp;
    private boolean onCaller;

    @Setup(Level.Trial)
    public void setup() {
        onCaller = flush.equals("caller");
        fixture = new BroadcastFixture(members, deflate.equals("shared"),
                onCaller ? BroadcastFixture.Flush.CALLER : BroadcastFixture.Flush.WORKERS);
        sessions = fixture.sessions();
        prepared = PreparedMessage.text(new String(Payloads.text("ascii", payloadBytes), StandardCharsets.US_ASCII));
        for (WebSocketSession session : sessions) {
            session.send(prepared);
        }
        if (onCaller) {
            fixture.runBookedFlushes();
        }
        // After the first send the shared frame exists: deflatedFrame returns it and compresses nothing.
        boolean shared = deflate.equals("shared");
        int frame = shared ? prepared.deflatedFrame((op, b, off, len) -> null).length : prepared.size();
        bytesPerOp = (long) frame * members;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (fixture.bytesWritten() < bytesPerOp && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        if (fixture.bytesWritten() != bytesPerOp) {
            throw Payloads.fail("wrote " + fixture.bytesWritten() + " bytes for " + members + " frames of " + frame);
        }
        if (shared && frame >= prepared.size()) {
            throw Payloads.fail("the shared frame was not compressed");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        fixture.close();
    }

    @Benchmark
    public long broadcast() {
        long target = fixture.bytesWritten() + bytesPerOp;
        for (WebSocketSession session : sessions) {
            if (!session.send(prepared)) {
                throw Payloads.fail("send refused");
            }
        }
        if (onCaller) {
            fixture.runBookedFlushes();
        }
        long written;
        while ((written = fixture.bytesWritten()) < target) {
            // Not onSpinWait: on a busy 2-core machine a spinning caller can hold the core the
            // writer needs for a whole scheduler slice (ms per op instead of us).
            Thread.yield();
        }
        return written;
    }
}
