package io.roomwire.server;

import io.roomwire.websocket.AbortProbe;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.servlet.ConnectionAborter;
import io.roomwire.websocket.servlet.DirectWrites;
import io.roomwire.websocket.servlet.FlushScheduler;
import io.roomwire.websocket.servlet.FlushWorkers;
import io.roomwire.websocket.servlet.SessionRegistry;
import io.roomwire.websocket.servlet.TimeoutSweeper;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the Spring-free engine: one session registry (read elsewhere as {@code Sessions}), one timeout
 * sweeper, one writer pool, Tomcat's connection aborter (probed once, here) and one upgrader for every
 * endpoint.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    SessionRegistry sessionRegistry() {
        return new SessionRegistry();
    }

    @Bean(destroyMethod = "close")
    TimeoutSweeper timeoutSweeper(SessionRegistry sessions, WebSocketProperties properties) {
        return new TimeoutSweeper(sessions, properties.sweepInterval());
    }

    /** Who writes queued frames; a {@link FlushWorkers} pool is closed with the context (it is AutoCloseable). */
    @Bean
    FlushScheduler flushScheduler(WebSocketProperties properties) {
        return properties.flushMode() == WebSocketProperties.FlushMode.WORKERS
                ? new FlushWorkers(properties.effectiveFlushThreads(), "roomwire-flush")
                : FlushScheduler.INLINE;
    }

    /** How the engine drops an unresponsive client from any thread; see {@link TomcatConnectionAborter}. */
    @Bean
    ConnectionAborter connectionAborter() {
        return new TomcatConnectionAborter();
    }

    /** The aborter's start-up probe, for {@code /actuator/roomwire}. */
    @Bean
    AbortProbe connectionAborterProbe(ConnectionAborter aborter) {
        return aborter.probe();
    }

    /**
     * How upgraded connections write past Tomcat's write buffer; see {@link TomcatDirectWrites}. Needs
     * the aborter's reach into Tomcat: without it, or switched off, writes go through the stream.
     */
    @Bean
    DirectWrites directWrites(ConnectionAborter aborter, ConnectorProperties connector) {
        if (connector.directWrites() && aborter instanceof TomcatConnectionAborter tomcat && tomcat.probe().available()) {
            return new TomcatDirectWrites(tomcat);
        }
        return DirectWrites.NONE;
    }

    @Bean
    WebSocketUpgrader webSocketUpgrader(SessionRegistry sessions, TimeoutSweeper sweeper,
            FlushScheduler flushScheduler, EngineListener engineListener, ConnectionAborter connectionAborter,
            WebSocketProperties properties, DirectWrites directWrites) {
        return new WebSocketUpgrader(sessions, sweeper, flushScheduler, engineListener, connectionAborter,
                properties.toAdmissionLimits(), directWrites);
    }
}
