package io.roomwire.websocket.servlet;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Reads the upgraded input stream under the Servlet non-blocking contract: read only while
 * {@code isReady()} is true, then return and wait for the next {@code onDataAvailable}. Bytes go
 * through a per-thread buffer straight into the session's parser, which keeps only partial frames,
 * so an idle connection holds no read buffer of its own. After the session failed the connection,
 * input is still read (and discarded) until none is left, so the TCP close does not reset it. Called by the container, one thread at a
 * time per connection.
 */
final class InboundReader implements ReadListener {

    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    /**
     * Bytes one container callback reads before it gives the thread back. The Servlet contract would
     * have a reader go on while {@code isReady()} is true, so a client that sends without pause would
     * keep its container thread for as long as it sends, and as many such clients as the connector has
     * threads would starve everyone else. Past this budget the reader returns with input still unread;
     * Tomcat registers read interest again after every read callback of an upgraded connection, and the
     * bytes are still in the socket, not in Tomcat's buffer (each read asks for more than Tomcat's read
     * buffer holds, and {@code isReady()}, which fills it, is not called once the budget is spent), so
     * the poller calls back once the connection's turn comes round again.
     */
    static final int BYTES_PER_CALLBACK = 64 * 1024;
    /** A view of the thread's buffer, reused: no allocation per read. The session keeps neither. */
    private static final ThreadLocal<ByteBuffer> VIEW = ThreadLocal.withInitial(() -> ByteBuffer.wrap(BUFFER.get()));

    private final ServletInputStream in;
    private final EngineSession session;
    private final ServletTransport transport;

    InboundReader(ServletInputStream in, EngineSession session, ServletTransport transport) {
        this.in = in;
        this.session = session;
        this.transport = transport;
    }

    @Override
    public void onDataAvailable() throws IOException {
        transport.enterDispatch();
        session.readerEntered();
        try {
            byte[] buffer = BUFFER.get();
            ByteBuffer view = VIEW.get();
            int budget = BYTES_PER_CALLBACK;
            // Once the connection has failed, input is drained to the end before TCP closes (a reset
            // could destroy our Close), bounded by the close timeout rather than the budget.
            while ((budget > 0 || session.phase() != SessionLifecycle.Phase.OPEN)
                    && !session.isTransportClosed() && in.isReady()) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    session.onEndOfInput();
                    return;
                }
                if (n == 0) {
                    return;
                }
                budget -= n;
                session.onBytes(view.limit(n).position(0));
            }
        } catch (IOException e) {
            session.onTransportClosed("Read failed: " + e.getMessage());
        } finally {
            session.readerExited();
            transport.exitDispatch();
        }
    }

    @Override
    public void onAllDataRead() {
        session.onEndOfInput();
    }

    @Override
    public void onError(Throwable t) {
        session.onTransportClosed("Connection error: " + t.getMessage());
    }
}
