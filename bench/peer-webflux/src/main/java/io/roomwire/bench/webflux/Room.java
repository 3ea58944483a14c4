package io.roomwire.bench.webflux;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One chat room. Membership changes, seq assignment and the hand-off of a broadcast to the members' sinks happen
 * while holding the room's monitor, so every member gets the room's events in one order and chat seq has no gaps.
 */
final class Room {

    final String name;
    /** Members by WebSocket session id. */
    final Map<String, Connection> members = new ConcurrentHashMap<>();
    /** Last chat seq handed out; guarded by {@code this}. */
    long seq;
    /** Set (under the monitor) when the room emptied and was removed from the registry. */
    boolean closed;

    Room(String name) {
        this.name = name;
    }
}
