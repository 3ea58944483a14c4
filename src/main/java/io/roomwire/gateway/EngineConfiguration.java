package io.roomwire.gateway;

import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.servlet.TimeoutSweeper;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free engine: one timeout sweeper and one upgrader for every endpoint. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean(destroyMethod = "close")
    TimeoutSweeper timeoutSweeper(WebSocketProperties properties) {
        return new TimeoutSweeper(properties.sweepInterval());
    }

    @Bean
    WebSocketUpgrader webSocketUpgrader(TimeoutSweeper sweeper, EngineListener engineListener) {
        return new WebSocketUpgrader(sweeper, engineListener);
    }
}
