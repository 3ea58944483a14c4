package io.roomwire.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.LongAdder;

/**
 * One room on this node: its local members and, in the in-memory mode, its state. Every change
 * (membership, seq, history) and every publication of the room's events happens under this
 * object's monitor, which is what makes {@code seq} gap-free and the delivery order identical for
 * every member; the methods that change state check that their caller holds it
 * ({@link #requireLockHeld()}). Members are an immutable array replaced on change, so readers (the
 * broadcaster) iterate a snapshot without the lock.
 */
public final class Room {

    private static final Member[] NONE = new Member[0];

    private final String name;
    private final History history;
    private volatile RoomSettings settings;
    private TokenBucket danmakuBudget; // guarded by this
    private Map<String, Long> mutedUntil; // user id -> epoch ms; guarded by this, created on first mute
    private Map<String, Long> lastChat; // user id -> nanos; guarded by this, only while slow mode is on
    private Set<String> moderators; // user ids an operator made moderators here; guarded by this, created on first
    private final LongAdder danmakuRefused = new LongAdder();
    private volatile Member[] members = NONE;
    private volatile long lastActivityNanos;
    private volatile boolean retired;
    private volatile int lastCountPublished = -1;

    Room(String name, int historySize, int danmakuPerSecond, long now) {
        this(name, historySize, new RoomSettings(Integer.MAX_VALUE, danmakuPerSecond), now);
    }

    Room(String name, int historySize, RoomSettings settings, long now) {
        this.name = name;
        this.history = new History(historySize);
        this.settings = settings;
        this.danmakuBudget = new TokenBucket(settings.danmakuPerSecond(), settings.danmakuPerSecond(), now);
        this.lastActivityNanos = now;
    }

    public RoomSettings settings() {
        return settings;
    }

    /** Unexpired mutes: user id -> until (epoch ms). */
    public synchronized Map<String, Long> mutes(long nowMillis) {
        Map<String, Long> out = new HashMap<>();
        if (mutedUntil != null) {
            mutedUntil.forEach((user, until) -> {
                if (until > nowMillis) {
                    out.put(user, until);
                }
            });
        }
        return out;
    }

    public String name() {
        return name;
    }

    /** A snapshot of the members; never modify it. */
    public Member[] members() {
        return members;
    }

    public int size() {
        return members.length;
    }

    /** Seq of the latest chat message (0 before the first). */
    public synchronized long latestSeq() {
        return history.latest();
    }

    public synchronized int historySize() {
        return history.size();
    }

    /** Counts a danmaku refused by a budget kept elsewhere (the cluster's). */
    public void countDanmakuRefused() {
        danmakuRefused.increment();
    }

    public long danmakuRefused() {
        return danmakuRefused.sum();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    /** {@link #lastActivityNanos()} as wall-clock milliseconds, for people. */
    public long lastActivityMillis() {
        return System.currentTimeMillis() - (System.nanoTime() - lastActivityNanos) / 1_000_000;
    }

    // ---- called under the monitor by ChatService, the room stores and RoomRegistry

    /** Fails unless the calling thread holds this room's monitor, as every state change requires. */
    public void requireLockHeld() {
        if (!Thread.holdsLock(this)) {
            throw new IllegalStateException("The caller must hold the lock of " + this);
        }
    }

    public boolean contains(Member member) {
        for (Member m : members) {
            if (m == member) {
                return true;
            }
        }
        return false;
    }

    public void add(Member member) {
        requireLockHeld();
        Member[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = member;
        members = next;
    }

    public boolean remove(Member member) {
        requireLockHeld();
        Member[] current = members;
        for (int i = 0; i < current.length; i++) {
            if (current[i] == member) {
                Member[] next = new Member[current.length - 1];
                System.arraycopy(current, 0, next, 0, i);
                System.arraycopy(current, i + 1, next, i, current.length - i - 1);
                members = next;
                return true;
            }
        }
        return false;
    }

    List<User> roster(int limit) {
        Member[] current = members;
        List<User> users = new ArrayList<>(Math.min(limit, current.length));
        for (int i = 0; i < current.length && users.size() < limit; i++) {
            users.add(current[i].user());
        }
        return users;
    }

    History history() {
        return history;
    }

    boolean takeDanmakuToken(long now) {
        if (danmakuBudget.tryTake(now)) {
            return true;
        }
        danmakuRefused.increment();
        return false;
    }

    void applySettings(RoomSettings next, long now) {
        if (next.danmakuPerSecond() != settings.danmakuPerSecond()) {
            danmakuBudget = new TokenBucket(next.danmakuPerSecond(), next.danmakuPerSecond(), now);
        }
        if (next.slowModeSeconds() == 0) {
            lastChat = null;
        }
        settings = next;
    }

    void mute(String userId, long untilMillis) {
        if (mutedUntil == null) {
            mutedUntil = new HashMap<>();
        }
        mutedUntil.put(userId, untilMillis);
    }

    boolean unmute(String userId) {
        return mutedUntil != null && mutedUntil.remove(userId) != null;
    }

    /** Makes a user a moderator of this room, or no longer; false when nothing changed. */
    boolean setModerator(String userId, boolean moderator) {
        if (moderator) {
            if (moderators == null) {
                moderators = new TreeSet<>();
            }
            return moderators.add(userId);
        }
        return moderators != null && moderators.remove(userId);
    }

    /** The user ids an operator made moderators of this room, sorted. */
    synchronized Set<String> moderators() {
        return moderators == null ? Set.of() : Set.copyOf(moderators);
    }

    /** Epoch ms until which the user is muted here, or 0. */
    long mutedUntil(String userId, long nowMillis) {
        if (mutedUntil == null) {
            return 0;
        }
        Long until = mutedUntil.get(userId);
        if (until == null) {
            return 0;
        }
        if (until <= nowMillis) {
            mutedUntil.remove(userId);
            return 0;
        }
        return until;
    }

    /** Slow mode: nanos the user must still wait before the next chat message (0: may post now, recorded). */
    long slowModeWait(String userId, long now) {
        int seconds = settings.slowModeSeconds();
        if (seconds == 0) {
            return 0;
        }
        if (lastChat == null) {
            lastChat = new HashMap<>();
        }
        Long last = lastChat.get(userId);
        long interval = seconds * 1_000_000_000L;
        if (last != null && now - last < interval) {
            return interval - (now - last);
        }
        lastChat.put(userId, now);
        return 0;
    }

    /** Removes every member; returns them. */
    public List<Member> clear() {
        requireLockHeld();
        List<Member> removed = List.of(members);
        members = NONE;
        return removed;
    }

    void touch(long now) {
        lastActivityNanos = now;
    }

    public boolean isRetired() {
        return retired;
    }

    public void retire() {
        retired = true;
    }

    /** For periodic count events: true (and remembered) when the count changed since last time. */
    boolean countChanged(int count) {
        if (count == lastCountPublished) {
            return false;
        }
        lastCountPublished = count;
        return true;
    }

    boolean countPublished() {
        return lastCountPublished != -1;
    }

    void forgetCount() {
        lastCountPublished = -1;
    }

    @Override
    public String toString() {
        return "Room[" + name + ", " + members.length + " members, seq " + history.latest() + "]";
    }
}
