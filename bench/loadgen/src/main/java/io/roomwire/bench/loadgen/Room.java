package io.roomwire.bench.loadgen;

import java.util.concurrent.atomic.AtomicInteger;

/** A room as the load generator sees it: how many of its own connections are joined and reading. */
final class Room {
    final int index;
    final String name;
    /** Joined members that read (slow clients excluded): each chat message is expected once per member. */
    final AtomicInteger live = new AtomicInteger();

    Room(int index, String name) {
        this.index = index;
        this.name = name;
    }
}
