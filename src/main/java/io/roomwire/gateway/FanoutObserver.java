package io.roomwire.gateway;

/**
 * Hears how long the {@link Broadcaster} took to queue one room event on every local member, so that
 * fan-out latency can be measured without the gateway depending on a metrics library (the metrics
 * package implements it with Micrometer). When no implementation is registered, {@link #NONE} is used.
 *
 * <p>Threading: called on the publishing thread, under the room's lock, concurrently for different
 * rooms, once per event that had local members. Implementations must be thread-safe, must not block,
 * and should not allocate: they sit on the hot path of every broadcast.
 */
@FunctionalInterface
public interface FanoutObserver {

    /** Observes nothing. */
    FanoutObserver NONE = (nanos, recipients) -> {
    };

    /**
     * One event was fanned out.
     *
     * @param nanos      wall time spent queuing the event on every member ({@link System#nanoTime()} delta);
     *                   encoding the event is not included
     * @param recipients members it was actually queued for (the excepted member, best-effort drops
     *                   and closing sessions excluded)
     */
    void fanout(long nanos, int recipients);
}
