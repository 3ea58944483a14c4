package io.roomwire.chat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The single-node {@link RoomStore}: every room's state lives in its {@link Room} object and events
 * go to the {@link RoomRelay} synchronously, under the room's lock, which keeps each room's events
 * in publication order. Every method must be called holding the room's monitor.
 */
public final class MemoryRoomStore implements RoomStore {

    private final RoomRegistry rooms;
    private final RoomRelay relay;
    private final ChatProperties properties;
    private final Presence presence;

    public MemoryRoomStore(RoomRegistry rooms, RoomRelay relay, ChatProperties properties) {
        this.rooms = rooms;
        this.relay = relay;
        this.properties = properties;
        this.presence = new Presence(properties);
    }

    @Override
    public JoinResult join(Room room, Member member, boolean already, Long since, Long epoch) {
        room.requireLockHeld();
        if (room.settings().privateRoom() && !RoomAccess.granted(member, room.name())) {
            throw Refusals.forbidden(room.name());
        }
        if (!already) {
            int max = room.settings().maxMembers();
            if (room.size() >= max) {
                throw Refusals.roomFull(room.name(), max);
            }
            room.add(member);
        }
        History history = room.history();
        List<ChatMessage> replay = since == null ? null : history.since(since);
        boolean recovered = replay != null;
        if (replay == null) {
            replay = history.latest(properties.joinHistory());
        }
        int count = room.size();
        JoinResult result = new JoinResult(room.name(), history.latest(), count, room.roster(properties.rosterLimit()),
                replay, recovered);
        if (!already) {
            presence.joined(room.name(), member, count).ifPresent(relay::publish);
        }
        return result;
    }

    @Override
    public void leave(Room room, Member member) {
        room.requireLockHeld();
        presence.left(room.name(), member, room.size()).ifPresent(relay::publish);
    }

    @Override
    public Accepted post(Room room, Member member, Draft draft) {
        room.requireLockHeld();
        Identity identity = member.identity();
        // The identity's refs are shared by the user's connections, whatever room they post to.
        synchronized (identity) {
            Identity.Sent earlier = draft.ref() == null ? null : identity.sent(draft.ref());
            if (earlier != null) {
                // docs/protocol.md: a repeated ref is acknowledged with the original seq, not re-broadcast.
                return new Accepted(earlier.room(), earlier.seq(), null);
            }
            ChatMessage message = accept(room, member, draft);
            if (draft.ref() != null) {
                identity.remember(draft.ref(), new Identity.Sent(message.room(), message.seq()));
            }
            return new Accepted(message.room(), message.seq(), message);
        }
    }

    private ChatMessage accept(Room room, Member member, Draft draft) {
        String userId = member.user().id();
        long until = room.mutedUntil(userId, System.currentTimeMillis());
        if (until != 0) {
            throw Refusals.muted(room.name(), until);
        }
        long now = System.nanoTime();
        if (draft.kind() == MessageKind.CHAT) {
            long wait = room.slowModeWait(userId, now);
            if (wait > 0) {
                throw Refusals.slowMode(wait);
            }
        }
        ChatMessage message;
        if (draft.kind() == MessageKind.DANMAKU) {
            if (!room.takeDanmakuToken(now)) {
                throw Refusals.roomBusy(room.name());
            }
            message = new ChatMessage(room.name(), 0, draft.kind(), draft.text(), draft.meta(), member.user(), draft.ts());
        } else {
            message = new ChatMessage(room.name(), room.history().latest() + 1, draft.kind(), draft.text(), draft.meta(),
                    member.user(), draft.ts());
            room.history().append(message);
        }
        relay.publish(new RoomEvent.Posted(message));
        return message;
    }

    @Override
    public List<ChatMessage> page(Room room, Long before, int size) {
        room.requireLockHeld();
        History history = room.history();
        return before == null ? history.latest(size) : history.before(before, size);
    }

    @Override
    public void publish(RoomEvent event) {
        relay.publish(event);
    }

    @Override
    public void publishHere(RoomEvent event) {
        relay.publish(event);
    }

    @Override
    public int count(Room room) {
        return room.size();
    }

    @Override
    public long latestSeq(Room room) {
        return room.latestSeq();
    }

    @Override
    public int historySize(Room room) {
        return room.historySize();
    }

    @Override
    public RoomSettings settings(Room room) {
        return room.settings();
    }

    @Override
    public RoomSettings updateSettings(Room room, Integer maxMembers, Integer slowModeSeconds, Integer danmakuPerSecond,
            Boolean privateRoom) {
        room.requireLockHeld();
        RoomSettings next = room.settings().with(maxMembers, slowModeSeconds, danmakuPerSecond, privateRoom);
        room.applySettings(next, System.nanoTime());
        return next;
    }

    @Override
    public void mute(Room room, String userId, long untilMillis) {
        room.requireLockHeld();
        room.mute(userId, untilMillis);
    }

    @Override
    public boolean unmute(Room room, String userId) {
        room.requireLockHeld();
        return room.unmute(userId);
    }

    @Override
    public boolean setModerator(Room room, String userId, boolean moderator) {
        room.requireLockHeld();
        return room.setModerator(userId, moderator);
    }

    @Override
    public List<String> moderators(Room room) {
        return room.moderators().stream().sorted().toList();
    }

    @Override
    public Map<String, Long> mutes(Room room, long nowMillis) {
        return room.mutes(nowMillis);
    }

    @Override
    public boolean delete(Room room, long seq) {
        room.requireLockHeld();
        if (!room.history().delete(seq)) {
            return false;
        }
        relay.publish(new RoomEvent.Deleted(room.name(), seq));
        return true;
    }

    @Override
    public boolean exists(String room) {
        return false; // the registry is the whole truth on one node
    }

    @Override
    public List<RoomStatus> statuses() {
        List<RoomStatus> all = new ArrayList<>();
        for (Room room : rooms.rooms()) {
            synchronized (room) {
                all.add(RoomStatus.of(room, this));
            }
        }
        return all;
    }

    @Override
    public Map<String, Integer> memberCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (Room room : rooms.rooms()) {
            if (room.size() > 0 && !room.settings().privateRoom()) {
                counts.put(room.name(), room.size());
            }
        }
        return counts;
    }

    @Override
    public int remove(Room room, String userId, String reason) {
        room.requireLockHeld();
        List<Member> removed;
        if (userId == null) {
            removed = room.clear();
        } else {
            removed = new ArrayList<>();
            for (Member m : room.members()) {
                if (m.user().id().equals(userId) && room.remove(m)) {
                    removed.add(m);
                    presence.left(room.name(), m, room.size()).ifPresent(relay::publish);
                }
            }
        }
        for (Member m : removed) {
            m.rooms().remove(room.name());
        }
        relay.publish(new RoomEvent.Removed(room.name(), removed, reason));
        return removed.size();
    }
}
