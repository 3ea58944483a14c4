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
    private final int strikeLimit;
    private final long strikeWindowNanos;
    private int strikes;
    private long windowStart;

    public FloodGuard(ChatProperties.Flood limits, long nowNanos) {
        this.chat = new TokenBucket(limits.chatPerSecond(), limits.chatBurst(), nowNanos);
        this.danmaku = new TokenBucket(limits.danmakuPerSecond(), limits.danmakuBurst(), nowNanos);
        this.typing = new TokenBucket(limits.typingPerSecond(), limits.typingBurst(), nowNanos);
        this.strikeLimit = limits.strikes();
        this.strikeWindowNanos = limits.strikeWindow().toNanos();
        this.windowStart = nowNanos;
    }

    public boolean allowMessage(MessageKind kind, long now) {
        return (kind == MessageKind.DANMAKU ? danmaku : chat).tryTake(now);
    }

    public boolean allowTyping(long now) {
        return typing.tryTake(now);
    }

    /** Records a refusal; true when the connection has now flooded past the strike limit. */
    public synchronized boolean strike(long now) {
        if (now - windowStart > strikeWindowNanos) {
            windowStart = now;
            strikes = 0;
        }
        return ++strikes >= strikeLimit;
    }
}
