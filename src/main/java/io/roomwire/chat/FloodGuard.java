package io.roomwire.chat;

/**
 * One connection's flood budgets: separate token buckets for chat, danmaku and typing, and a count
 * of refusals within a sliding window; past the strike limit the connection is to be closed with
 * 1008. Thread-safe.
 */
public final class FloodGuard {

    private final ChatProperties.Flood limits;
    private final long createdNanos;
    // Each bucket is made at its first use, full, as it would be by then had it been made at connect:
    // an idle connection holds no bucket (docs/benchmarks.md, "What an idle connection costs").
    private TokenBucket chat;
    private TokenBucket danmaku;
    private TokenBucket typing;
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
        this.limits = limits;
        this.createdNanos = nowNanos;
        this.strikeWindowNanos = limits.strikeWindow().toNanos();
        this.strikeLimit = Math.max(1, limits.strikes());
    }

    public boolean allowMessage(MessageKind kind, long now) {
        return (kind == MessageKind.DANMAKU ? danmaku() : chat()).tryTake(now);
    }

    public boolean allowTyping(long now) {
        return typing().tryTake(now);
    }

    private synchronized TokenBucket chat() {
        if (chat == null) {
            chat = new TokenBucket(limits.chatPerSecond(), limits.chatBurst(), createdNanos);
        }
        return chat;
    }

    private synchronized TokenBucket danmaku() {
        if (danmaku == null) {
            danmaku = new TokenBucket(limits.danmakuPerSecond(), limits.danmakuBurst(), createdNanos);
        }
        return danmaku;
    }

    private synchronized TokenBucket typing() {
        if (typing == null) {
            typing = new TokenBucket(limits.typingPerSecond(), limits.typingBurst(), createdNanos);
        }
        return typing;
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
