package io.roomwire.websocket.servlet;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A {@link System#nanoTime()} stand-in that only moves when a test says so. Its origin is arbitrary,
 * like the real one's: {@code nanoTime} "may be negative", so tests can start it below zero.
 * Thread-safe.
 */
final class ManualClock implements LongSupplier {

    private final AtomicLong now;

    ManualClock(long origin) {
        this.now = new AtomicLong(origin);
    }

    @Override
    public long getAsLong() {
        return now.get();
    }

    /** Moves time forward; returns the new reading. */
    long advance(Duration by) {
        return now.addAndGet(by.toNanos());
    }

    long advanceNanos(long nanos) {
        return now.addAndGet(nanos);
    }

    @Override
    public String toString() {
        return "ManualClock[" + now.get() + "ns]";
    }
}
