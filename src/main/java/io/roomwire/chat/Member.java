package io.roomwire.chat;

import java.util.Set;

/**
 * One connection's presence in the chat domain, implemented by the transport layer. The domain
 * never sees sockets: it needs who the member is, its flood budgets, and the set of rooms it is in,
 * which {@link ChatService} keeps (the rooms-per-connection limit is a domain rule).
 */
public interface Member {

    /** Unique per connection across the cluster (on one node: the session id). */
    String id();

    /** The user behind the connection, with its resume token and recent refs. */
    Identity identity();

    default User user() {
        return identity().user();
    }

    FloodGuard flood();

    /** What the connection's signed token grants; null for a guest (token mode off). */
    default Grant grant() {
        return null;
    }

    /** The rooms this member is in; a concurrent set, written by {@link ChatService} and {@link RoomModeration} only. */
    Set<String> rooms();
}
