package io.roomwire.chat;

/**
 * One connection's presence in the chat domain, implemented by the transport layer. The domain
 * never sees sockets: it only needs who the member is and its flood budgets.
 */
public interface Member {

    /** Unique per connection on this node. */
    String id();

    User user();

    FloodGuard flood();
}
