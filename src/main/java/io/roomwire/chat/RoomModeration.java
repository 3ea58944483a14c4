package io.roomwire.chat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * The operators' use cases on rooms: inspect, notice, close, kick, settings, mute, delete, and
 * history with tombstones. Each acts under the room's lock through the {@link RoomStore}, so in the
 * cluster mode it reaches the room's members on every node. Thread-safe.
 */
@Service
public class RoomModeration {

    /** docs/protocol.md: the {@code left} reasons. */
    public static final String CLOSED = "closed";
    public static final String KICKED = "kicked";
    /** The longest mute, for operators and moderators alike: 30 days. */
    public static final long MAX_MUTE_SECONDS = 30L * 24 * 3600;

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomAccess access;

    RoomModeration(RoomRegistry rooms, RoomStore store, RoomAccess access) {
        this.rooms = rooms;
        this.store = store;
        this.access = access;
    }

    /**
     * The room, or {@code no_such_room}. In the cluster mode a room whose members are all on other
     * nodes is held here too from now on (empty, until the janitor forgets it).
     */
    public Room requireRoom(String roomName) {
        RoomRegistry.requireValidName(roomName);
        Room room = rooms.find(roomName);
        if (room == null && store.exists(roomName)) {
            room = rooms.getOrCreate(roomName, System.nanoTime());
        }
        if (room == null) {
            throw new ChatException(ErrorCode.NO_SUCH_ROOM, "No room named " + roomName);
        }
        return room;
    }

    /** Every public room with members, on every node: name -> members (private rooms are not listed). */
    public Map<String, Integer> publicMemberCounts() {
        Map<String, Integer> counts = new HashMap<>(store.memberCounts());
        counts.keySet().removeIf(access::privateByName);
        return counts;
    }

    /** Every room, on every node, as the operators' list shows it. */
    public List<RoomStatus> roomStatuses() {
        return store.statuses();
    }

    /** What operators see of a room. */
    public RoomView view(String roomName) {
        Room room = requireRoom(roomName);
        return view(room);
    }

    public RoomView view(Room room) {
        synchronized (room) {
            return new RoomView(room.name(), store.count(room), store.latestSeq(room), store.historySize(room),
                    store.settings(room), room.danmakuRefused(), store.mutes(room, System.currentTimeMillis()),
                    store.moderators(room));
        }
    }

    /** Makes a user a moderator of the room, or no longer; false when nothing changed. */
    public boolean setModerator(String roomName, String userId, boolean moderator) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.setModerator(room, userId, moderator);
        }
    }

    /**
     * Refuses unless the member may moderate the room over the WebSocket protocol: it is in the room,
     * and its signed token has the {@code moderator} role or an operator made its user a moderator
     * of this room ({@code forbidden} otherwise).
     */
    public void requireModerator(Member member, String roomName) {
        RoomRegistry.requireValidName(roomName);
        if (!member.rooms().contains(roomName)) {
            throw new ChatException(ErrorCode.NOT_MEMBER, "Not a member of room " + roomName);
        }
        Grant grant = member.grant();
        if (grant != null && grant.moderator()) {
            return;
        }
        Room room = requireRoom(roomName);
        synchronized (room) {
            if (store.moderators(room).contains(member.user().id())) {
                return;
            }
        }
        throw new ChatException(ErrorCode.FORBIDDEN, "You do not moderate room " + roomName);
    }

    /** Posts an operator notice to the room's members; returns how many it was sent to. */
    public int notice(String roomName, String text) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            store.publish(new RoomEvent.Notice(roomName, text));
            return store.count(room);
        }
    }

    /**
     * Closes a room: it is forgotten with its history, and its members get {@code left} with reason
     * {@code closed}; returns how many connections it had.
     */
    public int closeRoom(String roomName) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            int removed = store.remove(room, null, CLOSED);
            room.retire();
            rooms.forget(room);
            return removed;
        }
    }

    /**
     * Removes every connection of a user from a room: they get {@code left} with reason
     * {@code kicked}, the others see presence leave; returns how many.
     */
    public int kick(String roomName, String userId) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.remove(room, userId, KICKED);
        }
    }

    public RoomSettings updateSettings(String roomName, Integer maxMembers, Integer slowModeSeconds,
            Integer danmakuPerSecond, Boolean privateRoom) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.updateSettings(room, maxMembers, slowModeSeconds, danmakuPerSecond, privateRoom);
        }
    }

    /** Mutes a user in a room until {@code untilMillis}; their sends get {@code muted}. */
    public void mute(String roomName, String userId, long untilMillis) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            store.mute(room, userId, untilMillis);
        }
    }

    public boolean unmute(String roomName, String userId) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.unmute(room, userId);
        }
    }

    /** Deletes a chat message: history keeps a tombstone and members are told to hide it. */
    public boolean deleteMessage(String roomName, long seq) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.delete(room, seq);
        }
    }

    /** A page of a room's history for operators (tombstones included), oldest first. */
    public List<ChatMessage> roomHistory(String roomName, Long before, Integer limit) {
        int size = ChatService.pageSize(before, limit);
        Room room = requireRoom(roomName);
        synchronized (room) {
            return store.page(room, before, size);
        }
    }

    /**
     * A room as operators see it. Immutable.
     *
     * @param members members across every node
     * @param mutes      unexpired mutes: user id -> until (epoch ms)
     * @param moderators user ids an operator made moderators of the room, sorted
     */
    public record RoomView(String name, int members, long latestSeq, int historySize, RoomSettings settings,
            long danmakuRefused, Map<String, Long> mutes, List<String> moderators) {
    }
}
