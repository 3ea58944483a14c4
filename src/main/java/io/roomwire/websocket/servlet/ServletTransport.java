package io.roomwire.websocket.servlet;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link Transport} over an upgraded connection's non-blocking output stream.
 *
 * <p>Closing needs care: the Servlet API only closes the streams, and a container such as Tomcat
 * closes the socket when its next event for the connection finds both streams closed. Inside such an
 * event (a read or write callback) that is immediate; from any other thread (timeouts, a sender
 * failing a slow client) there may never be another event, so the socket is also closed through
 * the container's {@link ConnectionAborter}.
 */
final class ServletTransport implements Transport {

    private final WebConnection connection;
    private final ServletOutputStream out;
    private final ConnectionAborter aborter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread dispatchThread;

    ServletTransport(WebConnection connection, ServletOutputStream out, ConnectionAborter aborter) {
        this.connection = connection;
        this.out = out;
        this.aborter = aborter;
    }

    /** Marks the current thread as running a container callback for this connection. */
    void enterDispatch() {
        dispatchThread = Thread.currentThread();
    }

    void exitDispatch() {
        dispatchThread = null;
    }

    @Override
    public boolean isReady() {
        return !closed.get() && out.isReady();
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        out.write(bytes, off, len);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            connection.close();
        } catch (Exception ignored) {
            // closing anyway
        }
        if (dispatchThread != Thread.currentThread()) {
            aborter.abort(out);
        }
    }
}
