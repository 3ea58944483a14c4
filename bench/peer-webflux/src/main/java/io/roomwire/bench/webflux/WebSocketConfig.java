package io.roomwire.bench.webflux;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

import io.netty.handler.timeout.WriteTimeoutHandler;

@Configuration
class WebSocketConfig {

    /** {@code /ws} to the chat handler, ahead of the annotated controllers (the actuator's). */
    @Bean
    HandlerMapping webSocketMapping(ChatHandler chatHandler) {
        // The subprotocol roomwire.v1 is negotiated through ChatHandler#getSubProtocols(); the upgrade itself is
        // the WebSocketHandlerAdapter and ReactorNettyRequestUpgradeStrategy that WebFlux configures (inbound
        // frames up to 64 KB, Reactor Netty's default).
        return new SimpleUrlHandlerMapping(Map.of("/ws", chatHandler), Ordered.HIGHEST_PRECEDENCE);
    }

    /**
     * A write that has not reached the socket after {@code peer.write-timeout} (10 s, the Spring peer's send time
     * limit) closes the channel: how a client that stopped reading is finally let go, including one whose 1013
     * Close frame is stuck behind the data it does not read.
     */
    @Bean
    NettyServerCustomizer writeTimeout(@Value("${peer.write-timeout:10s}") Duration timeout) {
        return server -> server.doOnChannelInit((observer, channel, address) -> channel.pipeline()
                .addFirst("peerWriteTimeout", new WriteTimeoutHandler(timeout.toMillis(), TimeUnit.MILLISECONDS)));
    }
}
