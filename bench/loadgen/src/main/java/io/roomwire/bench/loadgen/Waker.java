package io.roomwire.bench.loadgen;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sub-millisecond timer for the I/O loops. {@code Selector.select(timeout)} only takes whole
 * milliseconds, which would make every send up to ~1 ms late. A loop whose next send is closer than
 * that asks this thread to wake its selector at the due time ({@code parkNanos} is precise to tens of
 * microseconds), and keeps serving I/O while it waits.
 */
final class Waker extends Thread {

    static final long NONE = Long.MAX_VALUE;

    private final IoLoop[] loops;

    Waker(IoLoop[] loops) {
        super("waker");
        setDaemon(true);
        this.loops = loops;
    }

    @Override
    public void run() {
        while (true) {
            long now = System.nanoTime();
            long next = NONE;
            for (IoLoop l : loops) {
                AtomicLong at = l.wakeAt;
                long w = at.get();
                if (w == NONE) {
                    continue;
                }
                if (w - now <= 0) {
                    if (at.compareAndSet(w, NONE)) {
                        l.wakeSelector();
                    }
                } else if (next == NONE || w - next < 0) {
                    next = w;
                }
            }
            if (next == NONE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, next - now);
            }
        }
    }
}
