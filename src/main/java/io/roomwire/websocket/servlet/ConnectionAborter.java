package io.roomwire.websocket.servlet;

import io.roomwire.websocket.AbortProbe;
import jakarta.servlet.ServletOutputStream;

/**
 * Closes an upgraded connection's socket from outside a container callback. The Servlet API has no
 * call for this, yet a server must be able to drop an unresponsive client (close and write
 * timeouts): closing the streams is enough inside a container callback, but from any other thread
 * the container only notices on its next event for the connection, which may never come. The
 * container-specific implementation is given to {@link WebSocketUpgrader}; the engine never looks
 * for one. Implementations are thread-safe.
 */
public interface ConnectionAborter {

    /** Closes nothing: the container closes the socket on its next event. */
    ConnectionAborter NONE = new ConnectionAborter() {
        @Override
        public boolean abort(ServletOutputStream upgradedOutput) {
            return false;
        }

        @Override
        public AbortProbe probe() {
            return AbortProbe.NONE;
        }
    };

    /**
     * Closes the socket under {@code upgradedOutput}, the output stream of an upgraded connection,
     * from any thread. Never throws.
     *
     * @return true when the socket was closed
     */
    boolean abort(ServletOutputStream upgradedOutput);

    /** What the start-up probe found. */
    AbortProbe probe();
}
