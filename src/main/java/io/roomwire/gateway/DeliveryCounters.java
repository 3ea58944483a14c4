package io.roomwire.gateway;

import java.util.concurrent.atomic.LongAdder;

/**
 * What happened to chat traffic, counted cheaply on the hot path and read by the metrics binder.
 * Thread-safe.
 */
public final class DeliveryCounters {

    public final LongAdder chatReceived = new LongAdder();
    public final LongAdder danmakuReceived = new LongAdder();
    public final LongAdder chatDelivered = new LongAdder();
    public final LongAdder danmakuDelivered = new LongAdder();
    public final LongAdder eventsDelivered = new LongAdder();
    public final LongAdder danmakuDroppedSlow = new LongAdder();
    public final LongAdder danmakuRefusedBudget = new LongAdder();
    public final LongAdder duplicatesSuppressed = new LongAdder();
    public final LongAdder rateLimited = new LongAdder();
    public final LongAdder floodCloses = new LongAdder();
    public final LongAdder slowConsumerCloses = new LongAdder();
    public final LongAdder badRequests = new LongAdder();
}
