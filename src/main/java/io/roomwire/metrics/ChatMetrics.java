package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.gateway.DeliveryCounters;
import io.roomwire.gateway.DeliveryCounters.Counter;
import io.roomwire.websocket.Sessions;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Connection, room and chat-traffic meters, read from the counters the gateway keeps. */
@Component
class ChatMetrics implements MeterBinder {

    private final Sessions sessions;
    private final RoomRegistry rooms;
    private final DeliveryCounters counters;

    ChatMetrics(Sessions sessions, RoomRegistry rooms, DeliveryCounters counters) {
        this.sessions = sessions;
        this.rooms = rooms;
        this.counters = counters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("roomwire.connections.active", sessions, Sessions::count)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("roomwire.rooms", rooms, RoomRegistry::size).description("Rooms held by this node")
                .register(registry);
        counters(registry, "roomwire.messages.received", "Messages received", "kind",
                Map.of("chat", Counter.CHAT_RECEIVED, "danmaku", Counter.DANMAKU_RECEIVED));
        counters(registry, "roomwire.messages.delivered", "Messages queued for delivery to members", "kind",
                Map.of("chat", Counter.CHAT_DELIVERED, "danmaku", Counter.DANMAKU_DELIVERED,
                        "event", Counter.EVENTS_DELIVERED));
        counters(registry, "roomwire.drops", "Best-effort events not delivered", "reason",
                Map.of("slow_consumer", Counter.DANMAKU_DROPPED_SLOW, "room_budget", Counter.DANMAKU_REFUSED_BUDGET,
                        "duplicate_ref", Counter.DUPLICATES_SUPPRESSED));
        counters(registry, "roomwire.ratelimit.rejections", "Sends refused by flood control", "action",
                Map.of("refused", Counter.RATE_LIMITED, "closed", Counter.FLOOD_CLOSES));
        counters(registry, "roomwire.slow.consumer.closes", "Connections closed because their outbound queue overflowed",
                "code", Map.of("1013", Counter.SLOW_CONSUMER_CLOSES));
        counters(registry, "roomwire.bad.requests", "Client frames that could not be understood", "code",
                Map.of("bad_request", Counter.BAD_REQUESTS));
    }

    /** One counter family: a function counter per tag value, each reading its delivery counter. */
    private void counters(MeterRegistry registry, String name, String description, String tag,
            Map<String, Counter> kinds) {
        kinds.forEach((value, kind) -> FunctionCounter.builder(name, counters, c -> c.sum(kind)).tag(tag, value)
                .description(description).register(registry));
    }
}
