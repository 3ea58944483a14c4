package io.roomwire.websocket;

import io.roomwire.websocket.protocol.CloseCodes;

/**
 * Application callbacks for one endpoint.
 *
 * <p>Threading: for a given session, {@code onOpen}, {@code onText}, {@code onBinary} and
 * {@code onPong} are called by one thread at a time, in order (the thread reading that connection).
 * {@code onClose} is called exactly once, from whichever thread ends the session: the reader, a
 * sender, or the timeout sweeper. {@code onOverflow} runs on the thread that tried to send. One
 * handler serves every session of its endpoint, so it must be thread-safe. Callbacks must not block:
 * they run on the server's I/O threads. An exception thrown from a callback closes the session with
 * 1011 and is logged, never shown to the client.
 */
public interface WebSocketHandler {

    /** What to do with a message that does not fit in a session's outbound queue. */
    enum OverflowAction {
        /** Discard this message; the session stays open. */
        DROP,
        /** Close the session with 1013 (RFC 6455 §7.4.1 "try again later"), dropping what is queued. */
        CLOSE
    }

    /** The handshake is complete; messages sent from here on are queued for the client. */
    default void onOpen(WebSocketSession session) {
    }

    void onText(WebSocketSession session, String text);

    /** Binary messages; by default refused with 1003 (RFC 6455 §7.4.1 "cannot accept"). */
    default void onBinary(WebSocketSession session, byte[] data) {
        session.close(new CloseStatus(CloseCodes.UNSUPPORTED_DATA, "Binary messages are not accepted"));
    }

    default void onPong(WebSocketSession session, byte[] payload) {
    }

    /**
     * The session is over: either the close handshake completed or was started (the status is the
     * first one exchanged), or the connection dropped (1006).
     */
    default void onClose(WebSocketSession session, CloseStatus status) {
    }

    /**
     * A send would take the session's outbound queue past {@link WebSocketPolicy#maxQueuedBytes()}.
     * Applications choose: drop the message (a best-effort one) or close the session (a message
     * that must not be lost silently).
     */
    default OverflowAction onOverflow(WebSocketSession session, int messageBytes) {
        return OverflowAction.CLOSE;
    }
}
