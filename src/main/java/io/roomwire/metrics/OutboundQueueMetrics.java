package io.roomwire.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.Sessions;
import org.springframework.stereotype.Component;

/**
 * Outbound backlog gauges, computed at scrape time from {@link WebSocketSession#queuedBytes()} of
 * every live session: {@code roomwire.outbound.queued.bytes} (the sum: memory held for clients) and
 * {@code roomwire.outbound.queued.max.bytes} (the largest: the slowest consumer, to compare with
 * {@code roomwire.websocket.max-queued-bytes}). One pass over the sessions per gauge, reading one
 * field each; nothing is tracked on the hot path.
 */
@Component
class OutboundQueueMetrics implements MeterBinder {

    private final Sessions sessions;

    OutboundQueueMetrics(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("roomwire.outbound.queued.bytes", sessions, OutboundQueueMetrics::total).baseUnit("bytes")
                .description("Bytes queued for clients and not yet written, over all connections").register(registry);
        Gauge.builder("roomwire.outbound.queued.max.bytes", sessions, OutboundQueueMetrics::max).baseUnit("bytes")
                .description("Bytes queued for the most backlogged connection").register(registry);
    }

    static double total(Sessions sessions) {
        long sum = 0;
        for (WebSocketSession session : sessions.all()) {
            sum += session.queuedBytes();
        }
        return sum;
    }

    static double max(Sessions sessions) {
        long max = 0;
        for (WebSocketSession session : sessions.all()) {
            max = Math.max(max, session.queuedBytes());
        }
        return max;
    }
}
