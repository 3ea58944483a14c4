package io.roomwire.cluster;

import io.roomwire.chat.ChatException;
import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.Identity;
import io.roomwire.chat.JoinResult;
import io.roomwire.chat.Member;
import io.roomwire.chat.Refusals;
import io.roomwire.chat.RoomAccess;
import io.roomwire.chat.Room;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomSettings;
import io.roomwire.chat.RoomStatus;
import io.roomwire.chat.RoomStore;
import io.roomwire.chat.User;
import org.springframework.data.redis.core.RedisCallback;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The cluster's {@link RoomStore}: every room's seq, history, settings, mutes and presence live in
 * Redis, and each change that numbers or announces something is one Lua script (see
 * {@code src/main/resources/cluster/}), so seq is one sequence per room across all nodes. Events
 * reach members through {@link RoomFeed}, from Redis only. Called under the local room's lock.
 */
final class RedisRoomStore implements RoomStore {

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final EventCodec codec;
    private final RoomHistory history;
    private final RoomFeed feed;
    private final ChatProperties chat;
    private final ClusterProperties cluster;
    private final String nodeId;

    RedisRoomStore(RedisGateway redis, RedisKeys keys, EventCodec codec, RoomHistory history, RoomFeed feed,
            ChatProperties chat, ClusterProperties cluster, String nodeId) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.history = history;
        this.feed = feed;
        this.chat = chat;
        this.cluster = cluster;
        this.nodeId = nodeId;
    }

    /** A member's key in a room's presence hash is its connection id, {@code <node id>.<session id>}. */
    @Override
    public JoinResult join(Room room, Member member, boolean already, Long since, Long epoch) {
        room.requireLockHeld();
        String name = room.name();
        RoomFeed.Cursor cursor = feed.open(room);
        if (!already) {
            // Before the presence entry: a node that dies between the two leaves nothing the reaper
            // misses. Outside the script, which touches only the room's own keys (one hash slot):
            // the room listing and this node's rooms are global keys.
            redis.call(() -> redis.template().executePipelined((RedisCallback<Object>) connection -> {
                connection.setCommands().sAdd(bytes(keys.nodeRooms(nodeId)), bytes(name));
                connection.setCommands().sAdd(bytes(keys.rooms()), bytes(name));
                return null;
            }));
        }
        List<?> reply;
        try {
            reply = redis.script(RedisGateway.JOIN, List.of(keys.presence(name), keys.settings(name), keys.meta(name),
                    keys.channel(name)), member.id(), codec.user(member.user()),
                    Integer.toString(chat.presenceEventLimit()), Integer.toString(chat.rosterLimit()),
                    Integer.toString(chat.maxMembersPerRoom()), newEpoch(), Long.toString(System.currentTimeMillis()),
                    RoomAccess.granted(member, name) ? "1" : "0");
        } catch (ChatException e) {
            feed.closeIfEmpty(room);
            throw e;
        }
        if ("full".equals(reply.get(0))) {
            feed.closeIfEmpty(room);
            throw Refusals.roomFull(name, ((Number) reply.get(1)).intValue());
        }
        if ("forbidden".equals(reply.get(0))) {
            feed.closeIfEmpty(room);
            throw Refusals.forbidden(name);
        }
        int count = ((Number) reply.get(1)).intValue();
        long seq = ((Number) reply.get(2)).longValue();
        String currentEpoch = reply.get(3).toString();
        if (cursor.fresh) {
            // Subscribed before the script read seq: everything after it arrives by pub/sub.
            cursor.delivered = seq;
            cursor.epoch = currentEpoch;
            cursor.fresh = false;
        }
        if (!already) {
            room.add(member);
        }
        List<User> roster = new ArrayList<>();
        for (Object json : (List<?>) reply.get(4)) {
            roster.add(codec.read("{\"t\":\"u\",\"u\":" + json + "}").u().user());
        }
        long upTo = cursor.delivered;
        List<ChatMessage> replay = null;
        boolean sameEpoch = epoch == null || epoch.toString().equals(cursor.epoch);
        if (since != null && sameEpoch && since <= upTo) {
            RoomHistory.Page page = history.after(name, since, upTo);
            boolean complete = since == upTo || (!page.messages().isEmpty()
                    && page.messages().getFirst().seq() == since + 1 && page.messages().getLast().seq() == upTo);
            if (complete) {
                replay = page.messages();
            }
        }
        boolean recovered = replay != null;
        if (replay == null) {
            replay = chat.joinHistory() == 0 ? List.of() : history.before(name, upTo + 1, chat.joinHistory()).messages();
        }
        return new JoinResult(name, upTo, count, roster, replay, recovered, Long.parseLong(cursor.epoch));
    }

    @Override
    public void leave(Room room, Member member) {
        room.requireLockHeld();
        String name = room.name();
        try {
            redis.script(RedisGateway.LEAVE, List.of(keys.presence(name), keys.channel(name)),
                    Integer.toString(chat.presenceEventLimit()), "key", member.id());
        } finally {
            feed.closeIfEmpty(room);
        }
    }

    @Override
    public Accepted post(Room room, Member member, Draft draft) {
        room.requireLockHeld();
        String name = room.name();
        String userId = member.user().id();
        String ref = draft.ref() == null ? "" : keys.ref(name, userId, draft.ref());
        RoomFeed.Cursor cursor = feed.cursor(name);
        long floor = cursor == null ? 0 : cursor.delivered;
        List<?> reply = redis.script(RedisGateway.POST, List.of(keys.meta(name), keys.log(name), keys.settings(name),
                keys.mutes(name), keys.lastChat(name), keys.budget(name), ref, keys.channel(name)),
                draft.kind().wireName(), userId, codec.post(draft, member.user()), Long.toString(draft.ts()),
                Integer.toString(chat.historySize()), Long.toString(cluster.dedupTtl().toMillis()), Long.toString(floor),
                newEpoch(), Integer.toString(chat.danmakuPerSecond()));
        String outcome = reply.get(0).toString();
        if (draft.ref() != null && ("ok".equals(outcome) || "dup".equals(outcome))) {
            // Remembered here too, so this node acknowledges the next resend without a round trip.
            Identity identity = member.identity();
            synchronized (identity) {
                identity.remember(draft.ref(), new Identity.Sent(name, ((Number) reply.get(1)).longValue()));
            }
        }
        return switch (outcome) {
            case "dup" -> new Accepted(name, ((Number) reply.get(1)).longValue(), null);
            case "muted" -> throw Refusals.muted(name, ((Number) reply.get(1)).longValue());
            case "slow" -> throw Refusals.slowMode(((Number) reply.get(1)).longValue() * 1_000_000L);
            case "busy" -> {
                room.countDanmakuRefused();
                throw Refusals.roomBusy(name);
            }
            default -> {
                long seq = ((Number) reply.get(1)).longValue();
                ChatMessage message = new ChatMessage(name, seq, draft.kind(), draft.text(), draft.meta(), member.user(),
                        draft.ts());
                yield new Accepted(name, seq, message);
            }
        };
    }

    @Override
    public List<ChatMessage> page(Room room, Long before, int size) {
        return history.before(room.name(), before, size).messages();
    }

    @Override
    public void publish(RoomEvent event) {
        String body = switch (event) {
            case RoomEvent.Typing t -> codec.typing(t);
            case RoomEvent.Notice n -> codec.notice(n.text());
            default -> throw new IllegalArgumentException("Not published directly in the cluster: " + event);
        };
        redis.call(() -> redis.template().convertAndSend(keys.channel(event.room()), "0:0:" + body));
    }

    @Override
    public void publishHere(RoomEvent event) {
        feed.listener().onEvent(event);
    }

    @Override
    public int count(Room room) {
        return redis.call(() -> redis.template().opsForHash().size(keys.presence(room.name()))).intValue();
    }

    @Override
    public long latestSeq(Room room) {
        return history.position(room.name()).seq();
    }

    @Override
    public int historySize(Room room) {
        Long size = redis.call(() -> redis.template().opsForStream().size(keys.log(room.name())));
        return size == null ? 0 : size.intValue();
    }

    @Override
    public RoomSettings settings(Room room) {
        return settings(redis.call(() -> redis.template().opsForHash().entries(keys.settings(room.name()))));
    }

    private RoomSettings settings(Map<?, ?> values) {
        return new RoomSettings(intOr(values.get("max"), chat.maxMembersPerRoom()), intOr(values.get("slow"), 0),
                intOr(values.get("dps"), chat.danmakuPerSecond()), "1".equals(values.get("private")));
    }

    @Override
    public RoomSettings updateSettings(Room room, Integer maxMembers, Integer slowModeSeconds, Integer danmakuPerSecond,
            Boolean privateRoom) {
        RoomSettings next = settings(room).with(maxMembers, slowModeSeconds, danmakuPerSecond, privateRoom);
        Map<String, String> values = Map.of("max", Integer.toString(next.maxMembers()),
                "slow", Integer.toString(next.slowModeSeconds()), "dps", Integer.toString(next.danmakuPerSecond()),
                "private", next.privateRoom() ? "1" : "0");
        redis.call(() -> {
            redis.template().opsForHash().putAll(keys.settings(room.name()), values);
            return null;
        });
        return next;
    }

    @Override
    public void mute(Room room, String userId, long untilMillis) {
        redis.call(() -> {
            redis.template().opsForHash().put(keys.mutes(room.name()), userId, Long.toString(untilMillis));
            return null;
        });
    }

    @Override
    public boolean unmute(Room room, String userId) {
        return redis.call(() -> redis.template().opsForHash().delete(keys.mutes(room.name()), userId)) > 0;
    }

    @Override
    public boolean setModerator(Room room, String userId, boolean moderator) {
        String key = keys.moderators(room.name());
        Long changed = redis.call(() -> moderator ? redis.template().opsForSet().add(key, userId)
                : redis.template().opsForSet().remove(key, userId));
        return changed != null && changed > 0;
    }

    @Override
    public List<String> moderators(Room room) {
        Set<String> ids = redis.call(() -> redis.template().opsForSet().members(keys.moderators(room.name())));
        return ids == null ? List.of() : ids.stream().sorted().toList();
    }

    @Override
    public Map<String, Long> mutes(Room room, long nowMillis) {
        Map<String, Long> out = new HashMap<>();
        redis.call(() -> redis.template().opsForHash().entries(keys.mutes(room.name()))).forEach((user, until) -> {
            long u = Long.parseLong(until.toString());
            if (u > nowMillis) {
                out.put(user.toString(), u);
            }
        });
        return out;
    }

    @Override
    public boolean delete(Room room, long seq) {
        String name = room.name();
        Long done = redis.script(RedisGateway.DELETE, List.of(keys.log(name), keys.deleted(name), keys.channel(name)),
                Long.toString(seq), codec.deleted(seq));
        return done != null && done == 1;
    }

    @Override
    public boolean exists(String room) {
        return Boolean.TRUE.equals(redis.call(() -> redis.template().opsForSet().isMember(keys.rooms(), room)));
    }

    @Override
    public Map<String, Integer> memberCounts() {
        Set<String> names = redis.call(() -> redis.template().opsForSet().members(keys.rooms()));
        List<String> ordered = names == null ? List.of() : List.copyOf(names);
        List<Object> sizes = redis.call(() -> redis.template().executePipelined((RedisCallback<Object>) connection -> {
            for (String name : ordered) {
                connection.hashCommands().hLen(bytes(keys.presence(name)));
                connection.hashCommands().hGet(bytes(keys.settings(name)), bytes("private"));
            }
            return null;
        }));
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < ordered.size(); i++) {
            int n = ((Number) sizes.get(2 * i)).intValue();
            if (n > 0 && !"1".equals(sizes.get(2 * i + 1))) {
                counts.put(ordered.get(i), n);
            }
        }
        return counts;
    }

    /** Every listed room's figures in one pipelined round trip (after the SMEMBERS of the listing). */
    @Override
    public List<RoomStatus> statuses() {
        Set<String> names = redis.call(() -> redis.template().opsForSet().members(keys.rooms()));
        List<String> ordered = names == null ? List.of() : List.copyOf(names);
        byte[] seq = bytes("seq");
        byte[] at = bytes("at");
        List<Object> replies = redis.call(() -> redis.template().executePipelined((RedisCallback<Object>) connection -> {
            for (String name : ordered) {
                connection.hashCommands().hLen(bytes(keys.presence(name)));
                connection.hashCommands().hMGet(bytes(keys.meta(name)), seq, at);
                connection.streamCommands().xLen(bytes(keys.log(name)));
                connection.hashCommands().hGetAll(bytes(keys.settings(name)));
            }
            return null;
        }));
        List<RoomStatus> all = new ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            List<?> meta = (List<?>) replies.get(4 * i + 1);
            Map<?, ?> settings = (Map<?, ?>) replies.get(4 * i + 3);
            all.add(new RoomStatus(ordered.get(i), ((Number) replies.get(4 * i)).intValue(), longOr(meta.get(0), 0),
                    ((Number) replies.get(4 * i + 2)).intValue(), longOr(meta.get(1), 0), settings(settings)));
        }
        return all;
    }

    @Override
    public int remove(Room room, String userId, String reason) {
        room.requireLockHeld();
        String name = room.name();
        int removed;
        if (userId == null) {
            removed = count(room);
            redis.call(() -> redis.template().delete(List.of(keys.meta(name), keys.log(name), keys.deleted(name),
                    keys.settings(name), keys.mutes(name), keys.moderators(name), keys.lastChat(name), keys.budget(name), keys.presence(name))));
            redis.call(() -> redis.template().opsForSet().remove(keys.rooms(), name));
        } else {
            removed = ((List<?>) redis.script(RedisGateway.LEAVE, List.of(keys.presence(name), keys.channel(name)),
                    Integer.toString(chat.presenceEventLimit()), "user", userId)).size();
        }
        redis.call(() -> redis.template().convertAndSend(keys.channel(name), "0:0:" + codec.removed(userId, reason, nodeId)));
        feed.removeLocally(room, userId, reason);
        return removed;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int intOr(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(value.toString());
    }

    private static long longOr(Object value, long fallback) {
        return value == null ? fallback : Long.parseLong(value.toString());
    }

    /** A new epoch, below 2^53 so JavaScript clients hold it exactly. */
    private static String newEpoch() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 53));
    }
}
