package io.roomwire.cluster;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the cluster mode counts, read by the metrics package (this package never imports
 * Micrometer). Thread-safe.
 */
public final class ClusterCounters {

    private final LongAdder scripts = new LongAdder();
    private final LongAdder scriptNanos = new LongAdder();
    private final LongAdder published = new LongAdder();
    private final LongAdder received = new LongAdder();
    private final LongAdder duplicatesDropped = new LongAdder();
    private final LongAdder gapFills = new LongAdder();
    private final LongAdder gapMessages = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder reconnects = new LongAdder();
    private final LongAdder nodesReaped = new LongAdder();
    private final AtomicBoolean up = new AtomicBoolean(true);

    void script(long nanos) {
        scripts.increment();
        scriptNanos.add(nanos);
    }

    void countPublished() {
        published.increment();
    }

    void countReceived() {
        received.increment();
    }

    void duplicateDropped() {
        duplicatesDropped.increment();
    }

    void gapFilled(int messages) {
        gapFills.increment();
        gapMessages.add(messages);
    }

    void failure() {
        failures.increment();
    }

    void reconnected() {
        reconnects.increment();
    }

    void nodeReaped() {
        nodesReaped.increment();
    }

    /** Records whether Redis answered; true when this flipped the state. */
    boolean setUp(boolean reachable) {
        return up.getAndSet(reachable) != reachable;
    }

    public boolean isUp() {
        return up.get();
    }

    public long scripts() {
        return scripts.sum();
    }

    public long scriptNanos() {
        return scriptNanos.sum();
    }

    public long published() {
        return published.sum();
    }

    public long received() {
        return received.sum();
    }

    public long duplicatesDropped() {
        return duplicatesDropped.sum();
    }

    public long gapFills() {
        return gapFills.sum();
    }

    public long gapMessages() {
        return gapMessages.sum();
    }

    public long failures() {
        return failures.sum();
    }

    public long reconnects() {
        return reconnects.sum();
    }

    public long nodesReaped() {
        return nodesReaped.sum();
    }
}
