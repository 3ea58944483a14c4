package io.roomwire.gateway;

import io.roomwire.chat.NodeName;
import io.roomwire.websocket.Sessions;
import io.roomwire.websocket.WebSocketSession;
import java.util.ArrayList;
import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * This node's chat connections, for operators and shutdown: a view over the engine's {@link Sessions}
 * (the one registry of live connections), where each chat session carries its {@link ChatConnection}
 * as an attribute from {@code onOpen} on. Sessions of other endpoints (echo) carry none and are not
 * listed. Thread-safe; weakly consistent like the sessions it reads.
 */
@Component
class ConnectionRegistry {

    private static final String CONNECTION = ChatConnection.class.getName();

    private final Sessions sessions;
    private final NodeName node;

    ConnectionRegistry(Sessions sessions, NodeName node) {
        this.sessions = sessions;
        this.node = node;
    }

    /** Ties a chat connection to its session; from now on it is listed while the session lives. */
    static void bind(WebSocketSession session, ChatConnection connection) {
        session.setAttribute(CONNECTION, connection);
    }

    /** The chat connection of a session, or null before {@code onOpen} and for other endpoints. */
    static ChatConnection of(WebSocketSession session) {
        return (ChatConnection) session.attribute(CONNECTION);
    }

    /** By {@link ChatConnection#id()}: in a cluster, {@code <node id>.<session id>}. */
    ChatConnection find(String id) {
        String sessionId = node.sessionId(id);
        WebSocketSession session = sessionId == null ? null : sessions.find(sessionId);
        return session == null ? null : of(session);
    }

    Collection<ChatConnection> all() {
        Collection<ChatConnection> all = new ArrayList<>(sessions.count());
        for (WebSocketSession session : sessions.all()) {
            ChatConnection connection = of(session);
            if (connection != null) {
                all.add(connection);
            }
        }
        return all;
    }
}
