package io.roomwire.chat;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Service;

/**
 * The chat use cases: join, leave, post, history, typing. Transport-free: callers pass a
 * {@link Member} and get results or a {@link ChatException} naming the refusal.
 *
 * <p>Threading: any thread. Each room's changes and publications happen under that room's monitor
 * (see {@link Room}); nothing holds two rooms' locks at once.
 */
@Service
public class ChatService {

    /** shared/PROTOCOL.md: history pages default to 50 and never exceed 200 messages. */
    public static final int DEFAULT_PAGE = 50;
    public static final int MAX_PAGE = 200;

    private final RoomRegistry rooms;
    private final RoomRelay relay;
    private final ChatProperties properties;

    ChatService(RoomRegistry rooms, RoomRelay relay, ChatProperties properties) {
        this.rooms = rooms;
        this.relay = relay;
        this.properties = properties;
    }

    /**
     * Joins (or re-joins: idempotent) a room. {@code onJoined} runs under the room's lock, so the
     * member gets the join result before any later message of the room, with no duplicates.
     */
    public void join(Member member, String roomName, Long since, Consumer<JoinResult> onJoined) {
        requireValidName(roomName);
        while (true) {
            long now = System.nanoTime();
            Room room = rooms.getOrCreate(roomName, now);
            synchronized (room) {
                if (room.isRetired()) {
                    continue; // evicted meanwhile: take the fresh one
                }
                boolean already = room.contains(member);
                if (!already) {
                    int max = room.settings().maxMembers();
                    if (room.size() >= max) {
                        throw new ChatException(ChatException.ROOM_FULL, "Room " + roomName + " is full (" + max + " members)");
                    }
                    room.add(member);
                }
                room.touch(now);
                History history = room.history();
                List<ChatMessage> replay;
                boolean recovered = false;
                if (since != null) {
                    replay = history.since(since);
                    recovered = replay != null;
                    if (replay == null) {
                        replay = history.latest(properties.joinHistory());
                    }
                } else {
                    replay = history.latest(properties.joinHistory());
                }
                int count = room.size();
                onJoined.accept(new JoinResult(roomName, history.latest(), count, room.roster(properties.rosterLimit()),
                        replay, recovered));
                if (!already && count <= properties.presenceEventLimit()) {
                    relay.publish(new RoomEvent.Presence(roomName, "join", member.user(), count, member.id()));
                }
                return;
            }
        }
    }

    /** Leaves a room; true if the member was in it (presence is announced exactly once). */
    public boolean leave(Member member, String roomName) {
        Room room = rooms.find(roomName);
        if (room == null) {
            return false;
        }
        synchronized (room) {
            if (!room.remove(member)) {
                return false;
            }
            room.touch(System.nanoTime());
            int count = room.size();
            if (count < properties.presenceEventLimit()) {
                relay.publish(new RoomEvent.Presence(roomName, "leave", member.user(), count, member.id()));
            }
            return true;
        }
    }

    /**
     * Posts a message. Chat gets the next seq and enters history; danmaku is live only and subject
     * to the room's danmaku budget. The message is published to every member, sender included.
     */
    public ChatMessage post(Member member, String roomName, String rawText, MessageKind kind, Map<String, Object> meta) {
        String text = rawText == null ? "" : rawText.strip();
        if (text.isEmpty()) {
            throw new ChatException(ChatException.BAD_REQUEST, "Message text is empty");
        }
        int limit = kind == MessageKind.DANMAKU ? properties.maxDanmakuLength() : properties.maxTextLength();
        if (text.codePointCount(0, text.length()) > limit) {
            throw new ChatException(ChatException.TOO_LONG, "Text exceeds " + limit + " characters");
        }
        Room room = memberRoom(member, roomName);
        long now = System.nanoTime();
        if (!member.flood().allowMessage(kind, now)) {
            throw new ChatException(ChatException.RATE_LIMITED, "Too many messages; slow down");
        }
        synchronized (room) {
            if (!room.contains(member)) {
                throw notMember(roomName);
            }
            long until = room.mutedUntil(member.user().id(), System.currentTimeMillis());
            if (until != 0) {
                throw new ChatException(ChatException.MUTED, "You are muted in room " + roomName + " until "
                        + java.time.Instant.ofEpochMilli(until));
            }
            if (kind == MessageKind.CHAT) {
                long wait = room.slowModeWait(member.user().id(), now);
                if (wait > 0) {
                    throw new ChatException(ChatException.SLOW_MODE, "Slow mode: wait "
                            + Math.max(1, (wait + 999_999_999L) / 1_000_000_000L) + " s before your next message");
                }
            }
            room.touch(now);
            ChatMessage message;
            if (kind == MessageKind.DANMAKU) {
                if (!room.takeDanmakuToken(now)) {
                    throw new ChatException(ChatException.ROOM_BUSY, "Room " + roomName + " is over its danmaku budget");
                }
                message = new ChatMessage(roomName, 0, kind, text, meta, member.user(), System.currentTimeMillis());
            } else {
                message = new ChatMessage(roomName, room.history().latest() + 1, kind, text, meta, member.user(),
                        System.currentTimeMillis());
                room.history().append(message);
            }
            relay.publish(new RoomEvent.Posted(message));
            return message;
        }
    }

    /** A page of history, oldest first: messages before {@code before} (or the latest). */
    public List<ChatMessage> history(Member member, String roomName, Long before, Integer limit) {
        int size = pageSize(before, limit);
        Room room = memberRoom(member, roomName);
        synchronized (room) {
            History history = room.history();
            return before == null ? history.latest(size) : history.before(before, size);
        }
    }

    public void typing(Member member, String roomName) {
        Room room = memberRoom(member, roomName);
        if (!member.flood().allowTyping(System.nanoTime())) {
            throw new ChatException(ChatException.RATE_LIMITED, "Too many typing events; slow down");
        }
        synchronized (room) {
            if (room.contains(member)) {
                relay.publish(new RoomEvent.Typing(roomName, member.user(), member.id()));
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
                int count = room.size();
                if (room.countChanged(count)) {
                    relay.publish(new RoomEvent.Presence(room.name(), "count", null, count, null));
                }
                if (count <= limit) {
                    room.forgetCount();
                }
            }
        }
    }

    // ------------------------------------------------------------------ moderation (operators)

    /** The room, or {@code no_such_room}. */
    public Room requireRoom(String roomName) {
        requireValidName(roomName);
        Room room = rooms.find(roomName);
        if (room == null) {
            throw new ChatException(ChatException.NO_SUCH_ROOM, "No room named " + roomName);
        }
        return room;
    }

    /** Posts an operator notice to the room's members; returns how many it was sent to. */
    public int notice(String roomName, String text) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            relay.publish(new RoomEvent.Notice(roomName, text));
            return room.size();
        }
    }

    /** Closes a room: it is forgotten with its history; returns the members it had. */
    public List<Member> closeRoom(String roomName) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            List<Member> members = room.clear();
            room.retire();
            rooms.forget(room);
            return members;
        }
    }

    /** Removes every connection of a user from a room; returns them (others see presence leave). */
    public List<Member> kick(String roomName, String userId) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            List<Member> removed = new java.util.ArrayList<>();
            for (Member m : room.members()) {
                if (m.user().id().equals(userId) && room.remove(m)) {
                    removed.add(m);
                    int count = room.size();
                    if (count < properties.presenceEventLimit()) {
                        relay.publish(new RoomEvent.Presence(roomName, "leave", m.user(), count, m.id()));
                    }
                }
            }
            return removed;
        }
    }

    public RoomSettings updateSettings(String roomName, Integer maxMembers, Integer slowModeSeconds,
            Integer danmakuPerSecond) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            RoomSettings current = room.settings();
            RoomSettings next = new RoomSettings(maxMembers != null ? maxMembers : current.maxMembers(),
                    slowModeSeconds != null ? slowModeSeconds : current.slowModeSeconds(),
                    danmakuPerSecond != null ? danmakuPerSecond : current.danmakuPerSecond());
            room.applySettings(next, System.nanoTime());
            return next;
        }
    }

    /** Mutes a user in a room until {@code untilMillis}; their sends get {@code muted}. */
    public void mute(String roomName, String userId, long untilMillis) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            room.mute(userId, untilMillis);
        }
    }

    public boolean unmute(String roomName, String userId) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            return room.unmute(userId);
        }
    }

    /** Deletes a chat message: history keeps a tombstone and members are told to hide it. */
    public boolean deleteMessage(String roomName, long seq) {
        Room room = requireRoom(roomName);
        synchronized (room) {
            if (!room.history().delete(seq)) {
                return false;
            }
            relay.publish(new RoomEvent.Deleted(roomName, seq));
            return true;
        }
    }

    /** A page of a room's history for operators (tombstones included), oldest first. */
    public List<ChatMessage> roomHistory(String roomName, Long before, Integer limit) {
        int size = pageSize(before, limit);
        Room room = requireRoom(roomName);
        synchronized (room) {
            History history = room.history();
            return before == null ? history.latest(size) : history.before(before, size);
        }
    }

    /** shared/PROTOCOL.md paging rules, for members and operators alike: the page size to use. */
    private static int pageSize(Long before, Integer limit) {
        int size = limit == null ? DEFAULT_PAGE : limit;
        if (size < 1 || size > MAX_PAGE) {
            throw new ChatException(ChatException.BAD_REQUEST, "limit must be between 1 and " + MAX_PAGE);
        }
        if (before != null && before < 1) {
            throw new ChatException(ChatException.BAD_REQUEST, "before must be a positive seq");
        }
        return size;
    }

    private Room memberRoom(Member member, String roomName) {
        requireValidName(roomName);
        Room room = rooms.find(roomName);
        if (room == null || !room.contains(member)) {
            throw notMember(roomName);
        }
        return room;
    }

    private static ChatException notMember(String roomName) {
        return new ChatException(ChatException.NOT_MEMBER, "Not a member of room " + roomName);
    }

    private static void requireValidName(String roomName) {
        RoomRegistry.requireValidName(roomName);
    }
}
