package io.roomwire.websocket.servlet;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Servlet container's hook into an upgraded connection. The container creates it (hence public
 * with a no-argument constructor) during {@code request.upgrade}; {@link WebSocketUpgrader} hands
 * it its session right after, and the container calls {@link #init} once the 101 response is out.
 */
public final class UpgradeHandler implements HttpUpgradeHandler {

    private static final Logger LOG = Logger.getLogger(UpgradeHandler.class.getName());

    private EngineSession session;
    private SessionRegistry registry;
    private ConnectionAborter aborter;
    private DirectWrites directWrites;

    public UpgradeHandler() {
    }

    void prepare(EngineSession session, SessionRegistry registry, ConnectionAborter aborter,
            DirectWrites directWrites) {
        this.session = session;
        this.registry = registry;
        this.aborter = aborter;
        this.directWrites = directWrites;
    }

    @Override
    public void init(WebConnection connection) {
        if (session == null) {
            throw new IllegalStateException("UpgradeHandler used without WebSocketUpgrader");
        }
        try {
            ServletInputStream in = connection.getInputStream();
            ServletOutputStream out = connection.getOutputStream();
            ServletTransport transport = new ServletTransport(connection, out, aborter, directWrites.socketOf(out));
            EngineSession s = session;
            // Bound before any listener can finish the session, so it never stays registered.
            s.attach(transport, () -> registry.remove(s));
            // Listeners go on only once everything they touch exists (Servlet non-blocking contract).
            OutboundFlusher flusher = s.flusher();
            out.setWriteListener(new WriteListener() {
                @Override
                public void onWritePossible() {
                    transport.enterDispatch();
                    try {
                        flusher.onWritePossible();
                    } finally {
                        transport.exitDispatch();
                    }
                }

                @Override
                public void onError(Throwable t) {
                    flusher.onError(t);
                }
            });
            s.open();
            in.setReadListener(new InboundReader(in, s, transport));
        } catch (IOException | RuntimeException e) {
            // setReadListener throws if the client already went away.
            LOG.log(Level.FINE, "Upgraded connection failed to start", e);
            session.onTransportClosed("Connection failed during setup");
            registry.remove(session); // in case it failed before attach() tied removal to the finish
        }
    }

    @Override
    public void destroy() {
        if (session != null) {
            session.onTransportClosed("Connection closed");
            registry.remove(session);
        }
    }
}
