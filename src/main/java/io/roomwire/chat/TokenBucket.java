package io.roomwire.chat;

/**
 * A token bucket: {@code ratePerSecond} tokens refill continuously up to {@code burst}; each
 * accepted event takes one. Thread-safe (one monitor; contention is per connection or per room).
 */
public final class TokenBucket {

    private final double ratePerNano;
    private final double burst;
    private double tokens;
    private long last;

    public TokenBucket(double ratePerSecond, int burst, long nowNanos) {
        this.ratePerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes a token if one is available at {@code nowNanos}. */
    public synchronized boolean tryTake(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * ratePerNano);
            last = nowNanos;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    @Override
    public synchronized String toString() {
        return "TokenBucket[" + String.format("%.1f", tokens) + "/" + (int) burst + "]";
    }
}
