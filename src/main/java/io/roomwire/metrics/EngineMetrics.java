package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeRejection;
import java.util.EnumMap;
import java.util.Map;
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
    }
}
