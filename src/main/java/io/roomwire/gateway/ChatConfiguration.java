package io.roomwire.gateway;

import io.roomwire.chat.IdentityRegistry;
import io.roomwire.server.WebSocketProperties;
import io.roomwire.chat.ChatService;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.WebSocketPolicy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The chat endpoint's wiring: codec, counters, and {@code /ws}'s handler, limits and subprotocol. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** docs/protocol.md: the subprotocol selected when offered. */
    static final String SUBPROTOCOL = "roomwire.v1";

    @Bean
    WireCodec wireCodec() {
        return new WireCodec();
    }

    @Bean
    DeliveryCounters deliveryCounters() {
        return new DeliveryCounters();
    }

    /** Runs disconnect cleanup (leaving rooms) off the I/O threads, in order; see ChatSocketHandler#onClose. */
    @Bean(destroyMethod = "close")
    ExecutorService chatCleanupExecutor() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("roomwire-disconnects").factory());
    }

    @Bean
    EndpointConfig chatEndpoint(ChatService chat, WireCodec codec, IdentityRegistry identities,
            DeliveryCounters counters, WebSocketProperties websocket, ExecutorService chatCleanupExecutor,
            Admission admission, MemberModeration moderation) {
        WebSocketPolicy policy = websocket.toPolicy();
        // hello.heartbeat: seconds between server pings, rounded up; 0 when pings are off.
        long pingMillis = policy.pingInterval().toMillis();
        long heartbeat = pingMillis == 0 ? 0 : Math.max(1, (pingMillis + 999) / 1000);
        admission.heartbeatSeconds(heartbeat);
        ChatSocketHandler handler = new ChatSocketHandler(chat, codec, identities, counters, chatCleanupExecutor,
                admission, moderation);
        return new EndpointConfig(handler, policy, List.of(SUBPROTOCOL), websocket.allowedOrigins());
    }
}
