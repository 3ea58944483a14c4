package io.roomwire.chat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * The members' use cases: join, leave, send (with {@code ref} de-duplication), history, typing.
 * Transport-free: callers pass a {@link Member} and get results or a {@link ChatException} naming
 * the refusal. Operators' use cases are {@link RoomModeration}'s.
 *
 * <p>Threading: any thread. Each room's changes and publications happen under that room's monitor
 * (see {@link Room}), where the {@link RoomStore} is called; nothing holds two rooms' locks at once.
 */
@Service
public class ChatService {

    /** docs/protocol.md: history pages default to 50 and never exceed 200 messages. */
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final ChatProperties properties;
    private final RoomAccess access;

    ChatService(RoomRegistry rooms, RoomStore store, ChatProperties properties, RoomAccess access) {
        this.rooms = rooms;
        this.store = store;
        this.properties = properties;
        this.access = access;
    }

    /**
     * Joins (or re-joins: idempotent) a room. {@code onJoined} runs under the room's lock, so the
     * member gets the join result before any later message of the room, with no duplicates.
     * Refuses with {@code too_many_rooms} past {@code max-rooms-per-connection}.
     */
    public void join(Member member, String roomName, Long since, Consumer<JoinResult> onJoined) {
        join(member, roomName, since, null, onJoined);
    }

    /** {@link #join(Member, String, Long, Consumer)} with the epoch the client's {@code since} belongs to. */
    public void join(Member member, String roomName, Long since, Long epoch, Consumer<JoinResult> onJoined) {
        RoomRegistry.requireValidName(roomName); // before the room-count limit: the more useful error
        access.requireEntryByName(member, roomName);
        boolean added = member.rooms().add(roomName);
        if (added && member.rooms().size() > properties.maxRoomsPerConnection()) {
            member.rooms().remove(roomName);
            throw new ChatException(ErrorCode.TOO_MANY_ROOMS,
                    "A connection may be in at most " + properties.maxRoomsPerConnection() + " rooms");
        }
        try {
            while (true) {
                long now = System.nanoTime();
                Room room = rooms.getOrCreate(roomName, now);
                synchronized (room) {
                    if (room.isRetired()) {
                        continue; // evicted meanwhile: take the fresh one
                    }
                    JoinResult result = store.join(room, member, room.contains(member), since, epoch);
                    room.touch(now);
                    onJoined.accept(result);
                    return;
                }
            }
        } catch (RuntimeException e) {
            if (added) {
                member.rooms().remove(roomName);
            }
            throw e;
        }
    }

    /** Leaves a room; true if the member was in it (presence is announced exactly once). */
    public boolean leave(Member member, String roomName) {
        Room room = rooms.find(roomName);
        member.rooms().remove(roomName);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            if (!room.remove(member)) {
                return false;
            }
            room.touch(System.nanoTime());
            store.leave(room, member);
            return true;
        }
    }

    /** Leaves every room the member is in, e.g. when its connection closed. */
    public void leaveAll(Member member) {
        for (String room : List.copyOf(member.rooms())) {
            leave(member, room);
        }
        member.rooms().clear();
    }

    /**
     * Posts a message. Chat gets the next seq and enters history; danmaku is live only and subject
     * to the room's danmaku budget. The message is published to every member, sender included.
     */
    public ChatMessage post(Member member, String roomName, String rawText, MessageKind kind, Map<String, Object> meta) {
        return send(member, roomName, rawText, kind, meta, null).message();
    }

    /**
     * Sends a message for the {@code send} command: a {@code ref} this user already used (among its
     * recent ones, also across a resumed connection) is answered with the original seq and not
     * published again (docs/protocol.md).
     */
    public RoomStore.Accepted send(Member member, String roomName, String rawText, MessageKind kind,
            Map<String, Object> meta, String ref) {
        RoomStore.Accepted earlier = store.earlier(member, ref);
        if (earlier != null) {
            return earlier; // docs/protocol.md: a repeated ref is acknowledged with the original seq
        }
        String text = rawText == null ? "" : rawText.strip();
        if (text.isEmpty()) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "Message text is empty");
        }
        int limit = kind == MessageKind.DANMAKU ? properties.maxDanmakuLength() : properties.maxTextLength();
        if (text.codePointCount(0, text.length()) > limit) {
            throw new ChatException(ErrorCode.TOO_LONG, "Text exceeds " + limit + " characters");
        }
        Room room = memberRoom(member, roomName);
        long now = System.nanoTime();
        if (!member.flood().allowMessage(kind, now)) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "Too many messages; slow down");
        }
        synchronized (room) {
            if (!room.contains(member)) {
                throw notMember(roomName);
            }
            room.touch(now);
            return store.post(room, member,
                    new RoomStore.Draft(kind, text, meta, ref, System.currentTimeMillis()));
        }
    }

    /** A page of history, oldest first: messages before {@code before} (or the latest). */
    public List<ChatMessage> history(Member member, String roomName, Long before, Integer limit) {
        int size = pageSize(before, limit);
        Room room = memberRoom(member, roomName);
        synchronized (room) {
            return store.page(room, before, size);
        }
    }

    public void typing(Member member, String roomName) {
        Room room = memberRoom(member, roomName);
        if (!member.flood().allowTyping(System.nanoTime())) {
            throw new ChatException(ErrorCode.RATE_LIMITED, "Too many typing events; slow down");
        }
        synchronized (room) {
            if (room.contains(member)) {
                store.publish(new RoomEvent.Typing(roomName, member.user(), member.id()));
            }
        }
    }

    /**
     * Publishes a count event to each room above the presence event limit whose count changed, and
     * one last count to a room that has shrunk back under it (per-member events resume there).
     */
    void publishCounts() {
        int limit = properties.presenceEventLimit();
        for (Room room : rooms.rooms()) {
            if (room.size() <= limit && !room.countPublished()) {
                continue;
            }
            synchronized (room) {
                int count = store.count(room);
                if (room.countChanged(count)) {
                    store.publishHere(new RoomEvent.Presence(room.name(), PresenceEvent.COUNT, null, count, null));
                }
                if (count <= limit) {
                    room.forgetCount();
                }
            }
        }
    }

    /** docs/protocol.md paging rules, for members and operators alike: the page size to use. */
    static int pageSize(Long before, Integer limit) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        if (before != null && before < 1) {
            throw new ChatException(ErrorCode.BAD_REQUEST, "before must be a positive seq");
        }
        return size;
    }

    private Room memberRoom(Member member, String roomName) {
        RoomRegistry.requireValidName(roomName);
        Room room = rooms.find(roomName);
        if (room == null || !room.contains(member)) {
            throw notMember(roomName);
        }
        return room;
    }

    private static ChatException notMember(String roomName) {
        return new ChatException(ErrorCode.NOT_MEMBER, "Not a member of room " + roomName);
    }
}
