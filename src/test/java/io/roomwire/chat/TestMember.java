package io.roomwire.chat;

/**
 * A member as the gateway's connection would be: an id, a user and its own flood budgets. Rooms
 * compare members by identity, so two {@code TestMember}s are never "the same" connection.
 */
final class TestMember implements Member {

    private final String id;
    private final User user;
    private final FloodGuard flood;

    TestMember(String id, User user, FloodGuard flood) {
        this.id = id;
        this.user = user;
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
    public User user() {
        return user;
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
