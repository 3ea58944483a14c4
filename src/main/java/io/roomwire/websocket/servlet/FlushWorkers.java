package io.roomwire.websocket.servlet;

import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A fixed set of writer threads that flush sessions' outbound queues (Netty's flush consolidation
 * and Jetty's {@code FrameFlusher} idea, per session rather than per message).
 *
 * <p>A fan-out of one message to N members then costs the publisher N queue appends instead of N
 * socket writes, and every frame that reaches a session's queue before its worker gets to it goes
 * out in the same write: under load, many messages per syscall; when idle, one hand-off of a few
 * microseconds. A session always goes to the same worker (by its index), which spreads sessions
 * evenly and keeps a session's flushes on one core's caches. Each worker's queue is a pair of
 * {@link ArrayDeque}s swapped under a lock, so scheduling allocates nothing once they have grown.
 */
public final class FlushWorkers implements FlushScheduler, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(FlushWorkers.class.getName());

    private final Worker[] workers;

    /** Starts {@code threads} daemon writer threads named {@code <name>-<i>}. */
    public FlushWorkers(int threads, String name) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        workers = new Worker[threads];
        Thread.Builder builder = Thread.ofPlatform().daemon().name(name + "-", 0);
        for (int i = 0; i < threads; i++) {
            workers[i] = new Worker();
            Thread t = builder.unstarted(workers[i]);
            workers[i].thread = t;
            t.start();
        }
    }

    /** Hands the flush to the flusher's worker; once the pool is closed, runs it on the calling thread. */
    @Override
    public void schedule(OutboundFlusher flusher) {
        if (!workers[Math.floorMod(flusher.index(), workers.length)].offer(flusher)) {
            flusher.flushScheduled(); // a Close queued during shutdown must still be written
        }
    }

    public int threads() {
        return workers.length;
    }

    /** Stops the workers; flushes already scheduled are finished first, later ones run on their caller. */
    @Override
    public void close() {
        for (Worker w : workers) {
            w.stop();
        }
    }

    private static final class Worker implements Runnable {

        private final Object lock = new Object();
        private volatile Thread thread;
        // Guarded by lock.
        private ArrayDeque<OutboundFlusher> pending = new ArrayDeque<>(256);
        private ArrayDeque<OutboundFlusher> spare = new ArrayDeque<>(256);
        private boolean parked;
        private boolean stopped;

        /** Queues the flush; false when the worker has been stopped. */
        boolean offer(OutboundFlusher flusher) {
            boolean wake;
            synchronized (lock) {
                if (stopped) {
                    return false;
                }
                pending.addLast(flusher);
                wake = parked;
                parked = false;
            }
            if (wake) {
                LockSupport.unpark(thread);
            }
            return true;
        }

        void stop() {
            synchronized (lock) {
                stopped = true;
            }
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            while (true) {
                ArrayDeque<OutboundFlusher> batch;
                synchronized (lock) {
                    if (pending.isEmpty()) {
                        if (stopped) {
                            return;
                        }
                        parked = true;
                        batch = null;
                    } else {
                        batch = pending;
                        pending = spare;
                        spare = batch;
                    }
                }
                if (batch == null) {
                    LockSupport.park(this); // offer() unparks; a spurious return just loops
                    continue;
                }
                for (OutboundFlusher flusher; (flusher = batch.pollFirst()) != null; ) {
                    try {
                        flusher.flushScheduled(OutboundFlusher.WRITES_PER_TURN);
                    } catch (RuntimeException | Error e) {
                        LOG.log(Level.SEVERE, "Flushing " + flusher + " failed", e);
                    }
                }
            }
        }
    }
}
