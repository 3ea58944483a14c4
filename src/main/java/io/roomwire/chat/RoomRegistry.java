package io.roomwire.chat;

import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The rooms of this node: created on first join, forgotten once empty for the idle TTL. The map is
 * concurrent; a room being forgotten is marked retired under its own lock, so a join racing with
 * the eviction retries on a fresh room instead of joining a dead one. Thread-safe.
 */
@Component
public class RoomRegistry {

    /** docs/protocol.md: 1-64 characters of [A-Za-z0-9_.-]. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private final ConcurrentHashMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final ChatProperties properties;

    RoomRegistry(ChatProperties properties) {
        this.properties = properties;
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** {@code invalid_room} unless the name follows the protocol's rule. */
    public static void requireValidName(String name) {
        if (!isValidName(name)) {
            throw new ChatException(ErrorCode.INVALID_ROOM, "Room names are 1-64 characters of A-Z a-z 0-9 _ . -");
        }
    }

    /** The room, created if absent; {@code server_full} when this node holds its maximum of rooms. */
    Room getOrCreate(String name, long now) {
        Room room = rooms.get(name);
        if (room != null) {
            return room;
        }
        return rooms.computeIfAbsent(name, n -> {
            if (count.incrementAndGet() > properties.maxRooms()) {
                count.decrementAndGet();
                throw new ChatException(ErrorCode.SERVER_FULL,
                        "This server holds its maximum of " + properties.maxRooms() + " rooms");
            }
            return new Room(n, properties.historySize(),
                    new RoomSettings(properties.maxMembersPerRoom(), properties.danmakuPerSecond()), now);
        });
    }

    public Room find(String name) {
        return name == null ? null : rooms.get(name);
    }

    public Collection<Room> rooms() {
        return Collections.unmodifiableCollection(rooms.values());
    }

    public int size() {
        return count.get();
    }

    /** Forgets a room now (an operator closed it); call under the room's lock after retiring it. */
    public void forget(Room room) {
        if (rooms.remove(room.name(), room)) {
            count.decrementAndGet();
        }
    }

    /** Forgets rooms that have been empty for longer than the TTL. */
    void evictIdle(long now) {
        long ttl = properties.roomIdleTtl().toNanos();
        for (Room room : rooms.values()) {
            if (room.size() == 0 && now - room.lastActivityNanos() >= ttl) {
                synchronized (room) {
                    if (room.size() == 0 && !room.isRetired() && now - room.lastActivityNanos() >= ttl) {
                        room.retire();
                        if (rooms.remove(room.name(), room)) {
                            count.decrementAndGet();
                        }
                    }
                }
            }
        }
    }
}
