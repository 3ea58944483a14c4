package io.roomwire.gateway;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** This node's chat connections by session id, for operators and shutdown. Thread-safe. */
@Component
class ConnectionRegistry {

    private final ConcurrentHashMap<String, ChatConnection> connections = new ConcurrentHashMap<>();

    void add(ChatConnection connection) {
        connections.put(connection.id(), connection);
    }

    void remove(ChatConnection connection) {
        connections.remove(connection.id(), connection);
    }

    ChatConnection find(String id) {
        return connections.get(id);
    }

    Collection<ChatConnection> all() {
        return Collections.unmodifiableCollection(connections.values());
    }

    int size() {
        return connections.size();
    }
}
