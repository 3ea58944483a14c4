package io.roomwire.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.gateway.DeliveryCounters;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import java.util.concurrent.atomic.LongAdder;
import org.springframework.stereotype.Component;

/** Connection, room and chat-traffic meters, read from the counters the gateway keeps. */
@Component
class ChatMetrics implements MeterBinder {

    private final WebSocketUpgrader upgrader;
    private final RoomRegistry rooms;
    private final DeliveryCounters counters;

    ChatMetrics(WebSocketUpgrader upgrader, RoomRegistry rooms, DeliveryCounters counters) {
        this.upgrader = upgrader;
        this.rooms = rooms;
        this.counters = counters;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("roomwire.connections.active", upgrader, WebSocketUpgrader::sessionCount)
                .description("Open WebSocket connections").register(registry);
        Gauge.builder("roomwire.rooms", rooms, RoomRegistry::size).description("Rooms held by this node")
                .register(registry);
        counter(registry, "roomwire.messages.received", counters.chatReceived, "kind", "chat", "Messages received");
        counter(registry, "roomwire.messages.received", counters.danmakuReceived, "kind", "danmaku", "Messages received");
        counter(registry, "roomwire.messages.delivered", counters.chatDelivered, "kind", "chat",
                "Messages queued for delivery to members");
        counter(registry, "roomwire.messages.delivered", counters.danmakuDelivered, "kind", "danmaku",
                "Messages queued for delivery to members");
        counter(registry, "roomwire.messages.delivered", counters.eventsDelivered, "kind", "event",
                "Messages queued for delivery to members");
        counter(registry, "roomwire.drops", counters.danmakuDroppedSlow, "reason", "slow_consumer",
                "Best-effort events not delivered");
        counter(registry, "roomwire.drops", counters.danmakuRefusedBudget, "reason", "room_budget",
                "Best-effort events not delivered");
        counter(registry, "roomwire.drops", counters.duplicatesSuppressed, "reason", "duplicate_ref",
                "Best-effort events not delivered");
        counter(registry, "roomwire.ratelimit.rejections", counters.rateLimited, "action", "refused",
                "Sends refused by flood control");
        counter(registry, "roomwire.ratelimit.rejections", counters.floodCloses, "action", "closed",
                "Sends refused by flood control");
        counter(registry, "roomwire.slow.consumer.closes", counters.slowConsumerCloses, "code", "1013",
                "Connections closed because their outbound queue overflowed");
        counter(registry, "roomwire.bad.requests", counters.badRequests, "code", "bad_request",
                "Client frames that could not be understood");
    }

    private static void counter(MeterRegistry registry, String name, LongAdder adder, String tag, String value,
            String description) {
        FunctionCounter.builder(name, adder, LongAdder::sum).tag(tag, value).description(description).register(registry);
    }
}
