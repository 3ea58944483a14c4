package io.roomwire.websocket.servlet;

import io.roomwire.websocket.servlet.DirectWrites.DirectSocket;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * {@link Transport} over an upgraded connection's non-blocking output stream.
 *
 * <p>Closing needs care: the Servlet API only closes the streams, and a container such as Tomcat
 * closes the socket when its next event for the connection finds both streams closed. Inside such an
 * event (a read or write callback) that is immediate; from any other thread (timeouts, a sender
 * failing a slow client) there may never be another event, so the socket is also closed through
 * the container's {@link ConnectionAborter}.
 *
 * <p>With a {@link DirectSocket}, bytes go straight to the socket instead of through the stream
 * (see {@link DirectWrites}), keeping the stream's contract: {@link #write} takes everything, and
 * what the socket did not take waits here, to be written before anything newer, while
 * {@link #isReady()} answers false and has the container call {@code onWritePossible} once the
 * socket drains.
 */
final class ServletTransport implements Transport {

    private static final VarHandle CLOSED;
    /** The writing thread's view of its last source array: no allocation per write. */
    private static final ThreadLocal<ByteBuffer> VIEW = new ThreadLocal<>();

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(ServletTransport.class, "closed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final WebConnection connection;
    private final ServletOutputStream out;
    private final ConnectionAborter aborter;
    private final DirectSocket direct; // null: writes go through the stream
    private volatile boolean closed; // set through CLOSED: a field, not an AtomicBoolean per connection
    private volatile Thread dispatchThread;
    /** Direct writes only: bytes the socket has not taken yet. Only the single writer touches it. */
    private volatile ByteBuffer pending;
    /** Direct writes only: why writing what waited failed, thrown by the next write or flush. */
    private volatile IOException failure;

    /** @param direct the connection's socket for direct writes, or null to write through {@code out} */
    ServletTransport(WebConnection connection, ServletOutputStream out, ConnectionAborter aborter,
            DirectSocket direct) {
        this.connection = connection;
        this.out = out;
        this.aborter = aborter;
        this.direct = direct;
    }

    boolean writesDirectly() {
        return direct != null;
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
        if (closed) {
            return false;
        }
        if (direct == null) {
            return out.isReady();
        }
        if (pending == null || writePending()) {
            return true;
        }
        direct.awaitWritable();
        return false;
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
        if (direct == null) {
            out.write(bytes, off, len);
            return;
        }
        ByteBuffer waiting = pending;
        if (waiting != null && !writePending()) {
            pending = ByteBuffer.allocate(waiting.remaining() + len).put(waiting).put(bytes, off, len).flip();
            return;
        }
        throwIfFailed();
        ByteBuffer view = view(bytes, off, len);
        direct.write(view);
        if (view.hasRemaining()) {
            pending = ByteBuffer.allocate(view.remaining()).put(view).flip();
        }
    }

    @Override
    public void flush() throws IOException {
        if (direct == null) {
            out.flush();
        } else {
            if (pending != null) {
                writePending();
            }
            throwIfFailed();
        }
    }

    /**
     * Writes what waits; true when nothing waits any more, or when writing failed: then the writer
     * is let through to its next write or flush, which throws (isReady cannot).
     */
    private boolean writePending() {
        ByteBuffer waiting = pending;
        try {
            direct.write(waiting);
        } catch (IOException e) {
            failure = e;
            pending = null;
            return true;
        }
        if (waiting.hasRemaining()) {
            return false;
        }
        pending = null;
        return true;
    }

    private void throwIfFailed() throws IOException {
        IOException e = failure;
        if (e != null) {
            throw e;
        }
    }

    private static ByteBuffer view(byte[] bytes, int off, int len) {
        ByteBuffer view = VIEW.get();
        if (view == null || view.array() != bytes) {
            view = ByteBuffer.wrap(bytes);
            VIEW.set(view);
        }
        view.limit(off + len).position(off);
        return view;
    }

    @Override
    public void close() {
        if (!CLOSED.compareAndSet(this, false, true)) {
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
