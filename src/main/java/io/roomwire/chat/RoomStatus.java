package io.roomwire.chat;

/**
 * One line of the operators' room list: what a room holds right now, over every node. Read in bulk
 * ({@link RoomStore#statuses()}), so listing many rooms costs one pass, not a round trip per figure.
 *
 * @param lastActivityMillis wall-clock time of the room's last join or message as this node knows it
 *                           (in the cluster: the last join or message on any node; 0 when unknown)
 */
public record RoomStatus(String name, int members, long latestSeq, int historySize, long lastActivityMillis,
        RoomSettings settings) {

    /** A room this node holds, read under its lock; {@code store} supplies the figures it owns. */
    static RoomStatus of(Room room, RoomStore store) {
        room.requireLockHeld();
        return new RoomStatus(room.name(), store.count(room), store.latestSeq(room), store.historySize(room),
                room.lastActivityMillis(), store.settings(room));
    }
}
