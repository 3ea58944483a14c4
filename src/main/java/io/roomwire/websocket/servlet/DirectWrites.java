package io.roomwire.websocket.servlet;

import jakarta.servlet.ServletOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes to an upgraded connection's socket that skip the container's own output buffer. Through
 * the Servlet stream, Tomcat copies every write into its per-connection write buffer and sends it
 * in pieces of that buffer's size: a 64 KB coalesced write becomes 32 syscalls of 2 KB, and the
 * buffer must stay large for that to be cheap. Written straight to the socket, the same write is
 * one syscall and the container's buffer can stay small (docs/benchmarks.md, "Writes straight to
 * the socket"). The container-specific implementation is given to {@link WebSocketUpgrader};
 * without one, or for a connection it cannot reach (TLS, where the container must encrypt), the
 * engine writes through the Servlet stream. Implementations are thread-safe.
 */
public interface DirectWrites {

    /** Reaches no socket: every connection writes through its Servlet stream. */
    DirectWrites NONE = upgradedOutput -> null;

    /**
     * The socket under {@code upgradedOutput}, the output stream of an upgraded connection whose
     * write listener is set; null when this connection must write through the stream.
     */
    DirectSocket socketOf(ServletOutputStream upgradedOutput);

    /** One connection's socket. Called by the connection's single writer. */
    interface DirectSocket {

        /** Writes what the socket takes now without blocking; returns the number of bytes taken. */
        int write(ByteBuffer bytes) throws IOException;

        /**
         * Asks the container to call the stream's {@code onWritePossible} once the socket takes
         * more (after a write took less than it was given).
         */
        void awaitWritable();
    }
}
