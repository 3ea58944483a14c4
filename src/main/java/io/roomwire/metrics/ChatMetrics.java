package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.gateway.DeliveryCounters;
import io.roomwire.websocket.Sessions;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
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
                Map.of("chat", counters.chatReceived, "danmaku", counters.danmakuReceived));
        counters(registry, "roomwire.messages.delivered", "Messages queued for delivery to members", "kind",
                Map.of("chat", counters.chatDelivered, "danmaku", counters.danmakuDelivered,
                        "event", counters.eventsDelivered));
        counters(registry, "roomwire.drops", "Best-effort events not delivered", "reason",
                Map.of("slow_consumer", counters.danmakuDroppedSlow, "room_budget", counters.danmakuRefusedBudget,
                        "duplicate_ref", counters.duplicatesSuppressed));
        counters(registry, "roomwire.ratelimit.rejections", "Sends refused by flood control", "action",
                Map.of("refused", counters.rateLimited, "closed", counters.floodCloses));
        counters(registry, "roomwire.slow.consumer.closes", "Connections closed because their outbound queue overflowed",
                "code", Map.of("1013", counters.slowConsumerCloses));
        counters(registry, "roomwire.bad.requests", "Client frames that could not be understood", "code",
                Map.of("bad_request", counters.badRequests));
    }

    /** One counter family: a function counter per tag value, each reading its adder. */
    private static void counters(MeterRegistry registry, String name, String description, String tag,
            Map<String, LongAdder> adders) {
        adders.forEach((value, adder) -> FunctionCounter.builder(name, adder, LongAdder::sum).tag(tag, value)
                .description(description).register(registry));
    }
}
