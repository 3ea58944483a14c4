package io.roomwire.chat;

/**
 * This node's name in connection ids: empty on a single node (ids are the engine's session ids),
 * {@code <node id>.} in a cluster, so an id names one connection across every node and the node
 * it is on. Immutable.
 */
public record NodeName(String prefix) {

    public static final NodeName SINGLE = new NodeName("");

    public String connectionId(String sessionId) {
        return prefix.isEmpty() ? sessionId : prefix + sessionId;
    }

    /** The session id inside a connection id of this node, or null when the id names another node's. */
    public String sessionId(String connectionId) {
        return connectionId.startsWith(prefix) ? connectionId.substring(prefix.length()) : null;
    }
}
