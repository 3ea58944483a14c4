package io.roomwire.gateway;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to chat traffic, counted cheaply on the hot path and read by the metrics binder
 * and the admin's sampler. One {@link LongAdder} per {@link Counter}, found by its ordinal: counting
 * allocates nothing and looks nothing up. Thread-safe.
 */
public final class DeliveryCounters {

    /** What is counted. */
    public enum Counter {
        CHAT_RECEIVED,
        DANMAKU_RECEIVED,
        CHAT_DELIVERED,
        DANMAKU_DELIVERED,
        EVENTS_DELIVERED,
        DANMAKU_DROPPED_SLOW,
        DANMAKU_REFUSED_BUDGET,
        DUPLICATES_SUPPRESSED,
        RATE_LIMITED,
        FLOOD_CLOSES,
        SLOW_CONSUMER_CLOSES,
        BAD_REQUESTS
    }

    private final LongAdder[] adders = new LongAdder[Counter.values().length];

    public DeliveryCounters() {
        for (int i = 0; i < adders.length; i++) {
            adders[i] = new LongAdder();
        }
    }

    public void increment(Counter counter) {
        adders[counter.ordinal()].increment();
    }

    public void add(Counter counter, long n) {
        adders[counter.ordinal()].add(n);
    }

    /** The count so far; not an atomic snapshot while others count. */
    public long sum(Counter counter) {
        return adders[counter.ordinal()].sum();
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("DeliveryCounters[");
        for (Counter c : Counter.values()) {
            s.append(c == Counter.CHAT_RECEIVED ? "" : ", ").append(c).append('=').append(sum(c));
        }
        return s.append(']').toString();
    }
}
