package io.roomwire.bench.peer;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/** One client: its thread-safe session decorator, its user and the rooms it joined. */
final class Connection {

    private static final Log log = LogFactory.getLog(Connection.class);

    final ConcurrentWebSocketSessionDecorator session;
    final Events.User user;
    final Set<String> rooms = ConcurrentHashMap.newKeySet();

    Connection(ConcurrentWebSocketSessionDecorator session, Events.User user) {
        this.session = session;
        this.user = user;
    }

    /**
     * Queues a frame. The decorator sends it at once when no other thread is writing to this session,
     * else buffers it; past the buffer or time limit it closes the session (OverflowStrategy.TERMINATE).
     */
    void send(WebSocketMessage<?> message) {
        if (!session.isOpen()) {
            return;
        }
        try {
            session.sendMessage(message);
        } catch (IOException | RuntimeException e) {
            // SessionLimitExceededException (a RuntimeException) when the client is too slow: the decorator
            // has closed the session already; an IOException means the socket is gone.
            log.debug("send to " + session.getId() + " failed: " + e);
            try {
                session.close(CloseStatus.SESSION_NOT_RELIABLE);
            } catch (IOException | RuntimeException ignored) {
                // already closing
            }
        }
    }
}
