package io.roomwire.server;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.servlet.SessionRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Graceful shutdown: before the web server stops, refuse new WebSocket connections (503) and close
 * every open one with 1001 in paced batches, then wait (up to the shutdown timeout) for the close
 * handshakes to finish. Runs in a lifecycle phase that stops before the web server's.
 *
 * <p>Readiness goes to {@link ReadinessState#REFUSING_TRAFFIC} as the drain starts, so
 * {@code /actuator/health/readiness} answers 503 (OUT_OF_SERVICE) while connections are being closed
 * and a load balancer stops sending new clients here; liveness stays up, since the process is
 * healthy and only finishing its work.
 */
@Component
class ConnectionDrainer implements SmartLifecycle {

    private static final Logger LOG = Logger.getLogger(ConnectionDrainer.class.getName());

    private final SessionRegistry sessions;
    private final ShutdownProperties properties;
    private final ApplicationEventPublisher events;
    private volatile boolean running;
    private volatile boolean draining;

    ConnectionDrainer(SessionRegistry sessions, ShutdownProperties properties, ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.properties = properties;
        this.events = events;
    }

    @Override
    public void start() {
        sessions.setAccepting(true);
        if (draining) {
            // Restarted after a stop (context stop/start); on the first start Spring Boot itself
            // reports ACCEPTING_TRAFFIC once the application is ready.
            AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
        }
        draining = false;
        running = true;
    }

    @Override
    public void stop() {
        draining = true;
        // First, so the readiness probe fails before any client is told to go away and reconnect.
        AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
        sessions.setAccepting(false);
        long deadline = System.nanoTime() + properties.timeout().toNanos();
        List<WebSocketSession> open = new ArrayList<>(sessions.all());
        LOG.info("Closing " + open.size() + " WebSocket connections with 1001");
        int batch = Math.max(1, properties.batchSize());
        for (int i = 0; i < open.size(); i += batch) {
            for (WebSocketSession session : open.subList(i, Math.min(open.size(), i + batch))) {
                session.close(CloseStatus.GOING_AWAY);
            }
            if (i + batch < open.size() && !pause(properties.batchInterval().toMillis(), deadline)) {
                break;
            }
        }
        while (sessions.count() > 0 && System.nanoTime() < deadline) {
            if (!pause(10, deadline)) {
                break;
            }
        }
        if (sessions.count() > 0) {
            LOG.warning(sessions.count() + " WebSocket connections still open at the shutdown timeout");
        }
        running = false;
    }

    private static boolean pause(long millis, long deadline) {
        if (System.nanoTime() + millis * 1_000_000 > deadline) {
            return false;
        }
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    @Override
    public boolean isRunning() {
        return running;
    }

    /** Before the web server's graceful shutdown (DEFAULT_PHASE - 1024) and stop (- 2048). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 512;
    }
}
