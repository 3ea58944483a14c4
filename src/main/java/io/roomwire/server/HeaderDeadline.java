package io.roomwire.server;

import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeRejection;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.Http11Processor;
import org.apache.tomcat.util.net.AbstractEndpoint;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * {@code roomwire.connector.header-timeout}: drops a connection whose request head has been arriving for
 * longer than the timeout (slowloris). Tomcat bounds only the gap between reads ({@code connectionTimeout}),
 * and a WebSocket handshake is a request head, so without this a client sending a header byte every few
 * seconds holds a connection, a thread's worth of parser state and a place in {@code max-connections} for
 * as long as it likes. Every quarter of the timeout (at most a second) this scans the connector's
 * connections for a request still in Tomcat's parse stage whose first byte came too long ago, closes its
 * socket (no answer: the client is not reading one) and counts it as handshake refusal
 * {@code header_timeout}. Tomcat starts a request's clock at its first byte, so an idle keep-alive
 * connection is Tomcat's own business ({@code keepAliveTimeout}).
 */
@Component
class HeaderDeadline implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, DisposableBean {

    private static final Logger LOG = Logger.getLogger(HeaderDeadline.class.getName());
    private static final Field INPUT_BUFFER;
    private static final Field PARSING_HEADER;

    static {
        Field inputBuffer = null;
        Field parsingHeader = null;
        try {
            inputBuffer = Http11Processor.class.getDeclaredField("inputBuffer");
            inputBuffer.setAccessible(true);
            parsingHeader = inputBuffer.getType().getDeclaredField("parsingHeader");
            parsingHeader.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "This Tomcat hides its header parser; roomwire.connector.header-timeout is off", e);
            inputBuffer = null;
        }
        INPUT_BUFFER = inputBuffer;
        PARSING_HEADER = parsingHeader;
    }

    private final Duration timeout;
    private final EngineListener listener;
    private final List<AbstractEndpoint<?, ?>> endpoints = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService scanner;

    HeaderDeadline(ConnectorProperties properties, EngineListener listener) {
        this.timeout = properties.headerTimeout();
        this.listener = listener;
        if (timeout.isZero() || INPUT_BUFFER == null) {
            scanner = null;
            return;
        }
        scanner = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("roomwire-header-deadline").factory());
        long period = Math.clamp(timeout.toMillis() / 4, 10, 1000);
        scanner.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        if (scanner != null) {
            factory.addConnectorCustomizers(this::watch);
        }
    }

    void watch(Connector connector) {
        if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
            try {
                // The endpoint (which lists the open connections) is protected in Tomcat's API.
                Method getEndpoint = AbstractProtocol.class.getDeclaredMethod("getEndpoint");
                getEndpoint.setAccessible(true);
                endpoints.add((AbstractEndpoint<?, ?>) getEndpoint.invoke(protocol));
                return;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.log(Level.WARNING, "roomwire.connector.header-timeout cannot be enforced", e);
            }
        }
        LOG.warning("roomwire.connector.header-timeout is not enforced on " + connector.getProtocolHandler());
    }

    /**
     * True while the processor's request line and headers are still being read. Tomcat keeps that in its
     * input buffer's volatile {@code parsingHeader}, which it does not publish; a request being served,
     * async or sending a file has finished its head, so it is never taken for a slow one.
     */
    private boolean parsingHead(Http11Processor processor) {
        try {
            return (boolean) PARSING_HEADER.get(INPUT_BUFFER.get(processor));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** One pass over every connection; runs on the scanner thread. */
    void scan() {
        try {
            long now = System.nanoTime();
            long limit = timeout.toNanos();
            for (AbstractEndpoint<?, ?> endpoint : endpoints) {
                for (SocketWrapperBase<?> connection : endpoint.getConnections()) {
                    // A processor parked on a connection between reads: an upgraded one (the engine's),
                    // an async request, or a request head that is not complete yet, which is ours.
                    if (connection.getCurrentProcessor() instanceof Http11Processor processor
                            && parsingHead(processor)) {
                        long started = processor.getRequest().getStartTimeNanos();
                        // -1: no byte of the request yet (Tomcat's connectionTimeout covers silence).
                        if (started != -1 && now - started >= limit && !connection.isClosed()) {
                            // Counted first: whoever sees the connection dropped also sees it counted.
                            listener.handshakeRejected(HandshakeRejection.HEADER_TIMEOUT);
                            connection.close();
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Header deadline scan failed; next pass retries", e);
        }
    }

    @Override
    public void destroy() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }
}
