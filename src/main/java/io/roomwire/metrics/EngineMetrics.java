package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeRejection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/**
 * Counts engine events in plain {@link LongAdder}s (cheap on the I/O threads) and exposes them as
 * Micrometer function counters, so the engine never imports Micrometer. Close codes and protocol
 * error codes are counted per code for the codes RFC 6455 and RoomWire use, the rest as "other".
 */
@Component
class EngineMetrics implements EngineListener, MeterBinder {

    private static final int[] CODES = {1000, 1001, 1002, 1003, 1005, 1006, 1007, 1008, 1009, 1010, 1011, 1012,
        1013, 1014, 4001};

    private final Map<HandshakeRejection, LongAdder> rejections = new EnumMap<>(HandshakeRejection.class);
    private final LongAdder opened = new LongAdder();
    private final CodeCounters closed = new CodeCounters(CODES);
    private final CodeCounters protocolErrors = new CodeCounters(CODES);
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicLong deflateSessions = new AtomicLong();
    private final LongAdder deflateBefore = new LongAdder();
    private final LongAdder deflateAfter = new LongAdder();
    private final LongAdder compressions = new LongAdder();
    private final LongAdder compressionNanos = new LongAdder();

    EngineMetrics() {
        for (HandshakeRejection r : HandshakeRejection.values()) {
            rejections.put(r, new LongAdder());
        }
    }

    @Override
    public void handshakeRejected(HandshakeRejection reason) {
        rejections.get(reason).increment();
    }

    @Override
    public void sessionOpened() {
        opened.increment();
    }

    @Override
    public void sessionClosed(int code) {
        closed.increment(code);
    }

    @Override
    public void protocolError(int closeCode) {
        protocolErrors.increment(closeCode);
    }

    @Override
    public void bytesReceived(int bytes) {
        bytesIn.add(bytes);
    }

    @Override
    public void bytesSent(int bytes) {
        bytesOut.add(bytes);
    }

    @Override
    public void deflateSession(boolean opened) {
        deflateSessions.addAndGet(opened ? 1 : -1);
    }

    @Override
    public void compressed(int bytesBefore, int bytesAfter, long nanos) {
        deflateBefore.add(bytesBefore);
        deflateAfter.add(bytesAfter);
        compressions.increment();
        compressionNanos.add(nanos);
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        rejections.forEach((reason, adder) -> FunctionCounter.builder("roomwire.handshake.rejected", adder, LongAdder::sum)
                .description("Opening handshakes refused, by reason").tag("reason", reason.tag()).register(registry));
        FunctionCounter.builder("roomwire.connections.opened", opened, LongAdder::sum)
                .description("WebSocket connections opened").register(registry);
        closed.bind(registry, "roomwire.connections.closed", "WebSocket connections closed, by close code");
        protocolErrors.bind(registry, "roomwire.protocol.errors", "Connections failed for a protocol violation, by code");
        FunctionCounter.builder("roomwire.bytes.received", bytesIn, LongAdder::sum).baseUnit("bytes")
                .description("WebSocket bytes received").register(registry);
        FunctionCounter.builder("roomwire.bytes.sent", bytesOut, LongAdder::sum).baseUnit("bytes")
                .description("WebSocket bytes sent").register(registry);
        Gauge.builder("roomwire.deflate.connections", deflateSessions, AtomicLong::get)
                .description("Open connections that negotiated permessage-deflate").register(registry);
        FunctionCounter.builder("roomwire.deflate.bytes.in", deflateBefore, LongAdder::sum).baseUnit("bytes")
                .description("Message payload bytes handed to the compressor").register(registry);
        FunctionCounter.builder("roomwire.deflate.bytes.out", deflateAfter, LongAdder::sum).baseUnit("bytes")
                .description("Payload bytes the compressor produced (the plain size when it did not pay)")
                .register(registry);
        FunctionTimer.builder("roomwire.deflate.time", this, m -> m.compressions.sum(),
                        m -> m.compressionNanos.sum(), TimeUnit.NANOSECONDS)
                .description("Time spent compressing messages (once per broadcast in shared mode)").register(registry);
    }
}
