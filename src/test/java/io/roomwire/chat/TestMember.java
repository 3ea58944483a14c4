package io.roomwire.chat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A member as the gateway's connection would be: an id, a user and its own flood budgets. Rooms
 * compare members by identity, so two {@code TestMember}s are never "the same" connection.
 */
final class TestMember implements Member {

    private final String id;
    private final Identity identity;
    private final FloodGuard flood;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    TestMember(String id, User user, FloodGuard flood) {
        this.id = id;
        this.identity = new Identity("token-" + id, user, 256);
        this.flood = flood;
    }

    /** A member with budgets no test reaches; its connection id is {@code "c-" + name}. */
    static TestMember named(String name) {
        return named(name, TestProperties.unlimitedFlood());
    }

    static TestMember named(String name, ChatProperties.Flood limits) {
        return new TestMember("c-" + name, new User("u-" + name, name, null), new FloodGuard(limits, System.nanoTime()));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Identity identity() {
        return identity;
    }

    @Override
    public Set<String> rooms() {
        return rooms;
    }

    @Override
    public FloodGuard flood() {
        return flood;
    }

    @Override
    public String toString() {
        return "TestMember[" + id + "]";
    }
}
