package io.roomwire.chat;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One named daemon thread for a component's periodic work, from {@link #start()} to {@link #stop()}:
 * the scheduler of the {@link TickingLifecycle}s that run on their own thread ({@code RoomJanitor},
 * the admin's {@code StatsSampler}, the cluster's {@code NodeHeartbeat}), so each keeps its thread
 * name (docs/architecture.md, Threads) and its place in the lifecycle. A run that throws is logged
 * and the next runs go on: a scheduled executor would otherwise cancel the task silently for good.
 * Thread-safe.
 */
public final class Ticker {

    private static final Logger LOG = Logger.getLogger(Ticker.class.getName());

    private final String threadName;
    private ScheduledExecutorService scheduler; // guarded by this

    public Ticker(String threadName) {
        this.threadName = threadName;
    }

    /** Starts the thread, if it is not running; then book the work with the {@code every...} methods. */
    public synchronized void start() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(threadName).factory());
        }
    }

    /** Runs {@code task} after {@code initialMillis}, then {@code delayMillis} after each run ends. */
    public synchronized void everyDelay(long initialMillis, long delayMillis, Runnable task) {
        running().scheduleWithFixedDelay(guarded(task), initialMillis, delayMillis, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} after {@code initialMillis}, then every {@code periodMillis} from that start. */
    public synchronized void everyPeriod(long initialMillis, long periodMillis, Runnable task) {
        running().scheduleAtFixedRate(guarded(task), initialMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, threadName + ": a periodic task failed; it runs again on the next tick", e);
            }
        };
    }

    /** Stops the thread, interrupting a run in progress; false if it was not running. */
    public synchronized boolean stop() {
        if (scheduler == null) {
            return false;
        }
        scheduler.shutdownNow();
        scheduler = null;
        return true;
    }

    public synchronized boolean isRunning() {
        return scheduler != null;
    }

    private ScheduledExecutorService running() {
        if (scheduler == null) {
            throw new IllegalStateException(threadName + " is not started");
        }
        return scheduler;
    }

    @Override
    public synchronized String toString() {
        return "Ticker[" + threadName + (scheduler == null ? ", stopped]" : ", running]");
    }
}
