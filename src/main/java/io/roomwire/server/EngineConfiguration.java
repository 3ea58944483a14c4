package io.roomwire.server;

import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.servlet.FlushScheduler;
import io.roomwire.websocket.servlet.FlushWorkers;
import io.roomwire.websocket.servlet.TimeoutSweeper;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the Spring-free engine: one timeout sweeper, one writer pool and one upgrader for every endpoint. */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean(destroyMethod = "close")
    TimeoutSweeper timeoutSweeper(WebSocketProperties properties) {
        return new TimeoutSweeper(properties.sweepInterval());
    }

    /** Who writes queued frames; a {@link FlushWorkers} pool is closed with the context (it is AutoCloseable). */
    @Bean
    FlushScheduler flushScheduler(WebSocketProperties properties) {
        return properties.flushMode() == WebSocketProperties.FlushMode.WORKERS
                ? new FlushWorkers(properties.effectiveFlushThreads(), "roomwire-flush")
                : FlushScheduler.INLINE;
    }

    @Bean
    WebSocketUpgrader webSocketUpgrader(TimeoutSweeper sweeper, FlushScheduler flushScheduler,
            EngineListener engineListener) {
        return new WebSocketUpgrader(sweeper, flushScheduler, engineListener);
    }
}
