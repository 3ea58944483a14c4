package io.roomwire.websocket.servlet;

import io.roomwire.websocket.DeflatePolicy;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeInfo;
import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.protocol.DeflateParameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark support, compiled only into bench/jmh: N real {@link EngineSession}s, each over an
 * in-memory {@link Transport} that is always ready and only counts bytes, so a benchmark drives the
 * engine's own send, queue and flush code with no socket. It lives in the engine's package because
 * {@code EngineSession}, {@code OutboundFlusher} and {@code Transport} are package-private; the
 * benchmark sees only this class and the public {@link WebSocketSession}.
 *
 * <p>Flushes go either to a {@link FlushWorkers} pool, as in the server, or to a scheduler that
 * books them in an array for {@link #runBookedFlushes()} to run on the calling thread, each turn as a
 * worker runs it ({@code flushScheduled(WRITES_PER_TURN)}): the same code without the thread hand-off.
 */
public final class BroadcastFixture implements AutoCloseable {

    /** Where the booked flushes run. */
    public enum Flush { CALLER, WORKERS }

    private final WebSocketSession[] sessions;
    private final CountingTransport transport = new CountingTransport();
    private final Booked booked;
    private final FlushWorkers workers;

    /**
     * @param deflate with true, every session agreed permessage-deflate without context takeover
     *                ({@code roomwire.websocket.deflate.mode=shared}, min-size 0)
     */
    public BroadcastFixture(int members, boolean deflate, Flush flush) {
        booked = new Booked(members);
        workers = flush == Flush.WORKERS ? new FlushWorkers(1, "bench-flush") : null;
        FlushScheduler scheduler = workers != null ? workers : booked;
        WebSocketPolicy policy = WebSocketPolicy.DEFAULTS;
        if (deflate) {
            policy = policy.withDeflate(new DeflatePolicy(DeflatePolicy.Mode.SHARED, 0, 6));
        }
        EndpointConfig endpoint = new EndpointConfig(NO_OP, policy, List.of(), List.of());
        HandshakeInfo handshake = new HandshakeInfo("/ws", Map.of(), null, "BroadcastFixture", "127.0.0.1:50000", null);
        DeflateParameters parameters = deflate ? new DeflateParameters(true, true, false) : null;
        sessions = new WebSocketSession[members];
        for (int i = 0; i < members; i++) {
            EngineSession s = new EngineSession("s" + i, handshake, endpoint, EngineListener.NONE,
                    System::nanoTime, scheduler, parameters);
            s.attach(transport, () -> { });
            s.flusher().onWritePossible(); // the container's first callback: the flusher goes idle
            s.open();
            sessions[i] = s;
        }
    }

    /** The sessions, as the application sees them. */
    public WebSocketSession[] sessions() {
        return sessions;
    }

    /** Runs, on this thread, every flush booked since the last call ({@link Flush#CALLER} only). */
    public void runBookedFlushes() {
        booked.run();
    }

    /** Bytes every session together has handed to the transport so far. */
    public long bytesWritten() {
        return transport.bytes.get();
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.close();
        }
    }

    private static final WebSocketHandler NO_OP = (session, text) -> { };

    /** Books flushes in a reused array: scheduling itself allocates nothing, like FlushWorkers. */
    private static final class Booked implements FlushScheduler {

        private OutboundFlusher[] flushers;
        private int count;

        Booked(int capacity) {
            flushers = new OutboundFlusher[capacity];
        }

        @Override
        public void schedule(OutboundFlusher flusher) {
            if (count == flushers.length) {
                flushers = java.util.Arrays.copyOf(flushers, count * 2);
            }
            flushers[count++] = flusher;
        }

        void run() {
            // A turn may book another one (a flusher with more than WRITES_PER_TURN writes queued).
            for (int i = 0; i < count; i++) {
                OutboundFlusher f = flushers[i];
                flushers[i] = null;
                f.flushScheduled(OutboundFlusher.WRITES_PER_TURN);
            }
            count = 0;
        }
    }

    /** Always ready; counts what it is given, as a socket that keeps up would take it. */
    private static final class CountingTransport implements Transport {

        final AtomicLong bytes = new AtomicLong();

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.addAndGet(len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
