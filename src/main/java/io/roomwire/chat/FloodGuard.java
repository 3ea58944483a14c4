package io.roomwire.chat;

/**
 * One connection's flood budgets: separate token buckets for chat, danmaku and typing, and a count
 * of refusals within a sliding window; past the strike limit the connection is to be closed with
 * 1008. Thread-safe.
 */
public final class FloodGuard {

    private final TokenBucket chat;
    private final TokenBucket danmaku;
    private final TokenBucket typing;
    private final long strikeWindowNanos;
    private final int strikeLimit;
    /**
     * The times of the latest strikes, a ring of the strike limit's size, so the window slides.
     * Allocated at the first strike: most connections never get one, and idle ones stay small.
     */
    private long[] strikeTimes;
    private int strikes;
    private int next;

    public FloodGuard(ChatProperties.Flood limits, long nowNanos) {
        this.chat = new TokenBucket(limits.chatPerSecond(), limits.chatBurst(), nowNanos);
        this.danmaku = new TokenBucket(limits.danmakuPerSecond(), limits.danmakuBurst(), nowNanos);
        this.typing = new TokenBucket(limits.typingPerSecond(), limits.typingBurst(), nowNanos);
        this.strikeWindowNanos = limits.strikeWindow().toNanos();
        this.strikeLimit = Math.max(1, limits.strikes());
    }

    public boolean allowMessage(MessageKind kind, long now) {
        return (kind == MessageKind.DANMAKU ? danmaku : chat).tryTake(now);
    }

    public boolean allowTyping(long now) {
        return typing.tryTake(now);
    }

    /** Records a refusal; true when the connection has now flooded past the strike limit. */
    public synchronized boolean strike(long now) {
        if (strikeTimes == null) {
            strikeTimes = new long[strikeLimit];
        }
        strikeTimes[next] = now;
        next = (next + 1) % strikeTimes.length;
        if (strikes < strikeTimes.length) {
            strikes++;
        }
        // strikeTimes[next] is now the oldest of the last `limit` strikes: all of them within the
        // window means flooding, wherever the window starts.
        return strikes == strikeTimes.length && now - strikeTimes[next] <= strikeWindowNanos;
    }
}
