package io.roomwire.gateway;

import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.ChatService;
import io.roomwire.chat.wire.WireCodec;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.WebSocketPolicy;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The chat endpoint's wiring: codec, counters, and {@code /ws}'s handler, limits and subprotocol. */
@Configuration(proxyBeanMethods = false)
class ChatConfiguration {

    /** shared/PROTOCOL.md: the subprotocol selected when offered. */
    static final String SUBPROTOCOL = "roomwire.v1";

    @Bean
    WireCodec wireCodec() {
        return new WireCodec();
    }

    @Bean
    DeliveryCounters deliveryCounters() {
        return new DeliveryCounters();
    }

    @Bean
    EndpointConfig chatEndpoint(ChatService chat, WireCodec codec, IdentityRegistry identities,
            ConnectionRegistry connections, ChatProperties chatProperties, DeliveryCounters counters,
            WebSocketProperties websocket) {
        WebSocketPolicy policy = websocket.toPolicy();
        long heartbeat = Math.max(1, policy.pingInterval().toSeconds());
        ChatSocketHandler handler = new ChatSocketHandler(chat, codec, identities, connections, chatProperties,
                counters, heartbeat);
        return new EndpointConfig(handler, policy, List.of(SUBPROTOCOL), websocket.allowedOrigins());
    }
}
