package io.roomwire.websocket.servlet;

import java.io.IOException;

/**
 * The byte pipe under a session, following the Servlet non-blocking output contract: write only
 * after {@link #isReady()} returned true; when it returns false, {@code onWritePossible} will be
 * called once the pipe can take more. Implemented over the upgraded Servlet streams, and over memory
 * in tests. Called by one writing thread at a time (the flusher guarantees it), except
 * {@link #close()}, which any thread may call.
 */
interface Transport {

    boolean isReady();

    void write(byte[] bytes, int off, int len) throws IOException;

    /** Pushes written bytes towards the network without blocking. */
    void flush() throws IOException;

    /** Closes the connection; idempotent. */
    void close();
}
