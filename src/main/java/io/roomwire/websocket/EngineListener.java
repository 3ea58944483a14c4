package io.roomwire.websocket;

/**
 * Engine events for metrics, so that measured code never depends on a metrics library. Every method
 * may be called from any thread, concurrently, on hot paths: implementations must be cheap and
 * thread-safe (counters, not logs).
 */
public interface EngineListener {

    EngineListener NONE = new EngineListener() {
    };

    default void handshakeRejected(HandshakeRejection reason) {
    }

    default void sessionOpened() {
    }

    /** {@code code} is the status reported to the handler (1006 for a dropped connection). */
    default void sessionClosed(int code) {
    }

    /** A protocol violation by the client, by the close code it was failed with. */
    default void protocolError(int closeCode) {
    }

    default void bytesReceived(int bytes) {
    }

    default void bytesSent(int bytes) {
    }

    /** A connection that negotiated permessage-deflate opened ({@code true}) or closed. */
    default void deflateSession(boolean opened) {
    }

    /** A message was compressed (RFC 7692): payload bytes before, after, and the time it took. */
    default void compressed(int bytesBefore, int bytesAfter, long nanos) {
    }
}
