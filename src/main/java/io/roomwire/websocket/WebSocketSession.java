package io.roomwire.websocket;


/**
 * One WebSocket connection as the application sees it.
 *
 * <p>Threading: every method may be called from any thread, concurrently. Sends never block: a
 * message is framed and queued, then written when the connection can take it. Messages are sent in
 * the order their send calls return; control frames (ping, pong) may overtake queued data.
 */
public interface WebSocketSession {

    /** Unique within this server process. */
    String id();

    /** What the client asked for in its opening handshake. */
    HandshakeInfo handshake();

    /**
     * The {@code Sec-WebSocket-Extensions} the server answered (RFC 6455 §9.1), such as
     * {@code permessage-deflate; server_no_context_takeover}, or null when none was agreed.
     */
    String extensions();

    /** One attribute of application state attached to the session, or null. Thread-safe. */
    Object attribute(String name);

    /** Attaches {@code value} under {@code name}, replacing any; null removes it. Thread-safe. */
    void setAttribute(String name, Object value);

    /** Queues a text message; false when the session is closing or the message was dropped on overflow. */
    boolean sendText(String text);

    /** Queues a binary message; same contract as {@link #sendText(String)}. */
    boolean sendBinary(byte[] data);

    /** Queues a message framed once and shared by every session it is sent to. */
    boolean send(PreparedMessage message);

    /** Queues a ping (payload of at most 125 bytes) ahead of queued data. */
    boolean ping(byte[] payload);

    /**
     * Starts the close handshake: the Close frame follows the messages already queued, nothing may
     * be sent after it, and the connection is dropped if the client has not answered within the
     * policy's close timeout. Does nothing if a close is already under way.
     *
     * @throws IllegalArgumentException for a code that may not be sent (RFC 6455 §7.4)
     */
    void close(CloseStatus status);

    /** True until a Close frame has been sent or received, or the connection dropped. */
    boolean isOpen();

    /** Bytes queued for this client and not yet handed to the network. */
    long queuedBytes();

    /** Messages and bytes carried so far. */
    TrafficStats traffic();
}
