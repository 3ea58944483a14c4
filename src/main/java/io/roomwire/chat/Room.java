package io.roomwire.chat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * One room's state. Every change (membership, seq, history) and every publication of the room's
 * events happens under this object's monitor, which is what makes {@code seq} gap-free and the
 * delivery order identical for every member. Members are an immutable array replaced on change,
 * so readers (the broadcaster) iterate a snapshot without the lock.
 */
public final class Room {

    private static final Member[] NONE = new Member[0];

    private final String name;
    private final History history;
    private final TokenBucket danmakuBudget;
    private final LongAdder danmakuRefused = new LongAdder();
    private volatile Member[] members = NONE;
    private volatile long lastActivityNanos;
    private volatile boolean retired;
    private volatile int lastCountPublished = -1;

    Room(String name, int historySize, int danmakuPerSecond, long now) {
        this.name = name;
        this.history = new History(historySize);
        this.danmakuBudget = new TokenBucket(danmakuPerSecond, danmakuPerSecond, now);
        this.lastActivityNanos = now;
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

    public long danmakuRefused() {
        return danmakuRefused.sum();
    }

    public long lastActivityNanos() {
        return lastActivityNanos;
    }

    // ---- called under the monitor by ChatService and RoomRegistry

    boolean contains(Member member) {
        for (Member m : members) {
            if (m == member) {
                return true;
            }
        }
        return false;
    }

    void add(Member member) {
        Member[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = member;
        members = next;
    }

    boolean remove(Member member) {
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

    void touch(long now) {
        lastActivityNanos = now;
    }

    boolean isRetired() {
        return retired;
    }

    void retire() {
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
