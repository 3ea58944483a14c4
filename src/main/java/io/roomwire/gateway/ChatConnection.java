package io.roomwire.gateway;

import io.roomwire.chat.Identity;
import io.roomwire.chat.FloodGuard;
import io.roomwire.chat.Grant;
import io.roomwire.chat.Member;
import io.roomwire.chat.NodeName;
import io.roomwire.websocket.WebSocketSession;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * One chat connection: the engine session, the identity behind it, its flood budgets and the rooms
 * it is in. Inbound frames are handled by one thread at a time (the engine's contract); delivery
 * and closing may come from any thread, hence the concurrent set and volatile flag.
 */
final class ChatConnection implements Member {

    private final WebSocketSession session;
    private final Identity identity;
    private final FloodGuard flood;
    // Copy-on-write: joins are rare and a connection is in few rooms (max-rooms-per-connection); about
    // a third of a concurrent hash set's footprint for the one or two rooms most connections have.
    private final Set<String> rooms = new CopyOnWriteArraySet<>();
    private final long connectedAtMillis = System.currentTimeMillis();
    private final String clusterId; // null on a single node, where the session id serves
    private volatile boolean closed;
    private volatile Grant grant; // token mode: replaced by refresh

    ChatConnection(WebSocketSession session, Identity identity, FloodGuard flood, NodeName node, Grant grant) {
        this.session = session;
        this.identity = identity;
        this.flood = flood;
        this.clusterId = node.prefix().isEmpty() ? null : node.connectionId(session.id());
        this.grant = grant;
    }

    @Override
    public Grant grant() {
        return grant;
    }

    void grant(Grant refreshed) {
        this.grant = refreshed;
    }

    @Override
    public String id() {
        return clusterId != null ? clusterId : session.id();
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public FloodGuard flood() {
        return flood;
    }

    WebSocketSession session() {
        return session;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    long connectedAtMillis() {
        return connectedAtMillis;
    }

    boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    @Override
    public String toString() {
        return "ChatConnection[" + session.id() + ", " + identity.user().name() + ", rooms=" + rooms + "]";
    }
}
