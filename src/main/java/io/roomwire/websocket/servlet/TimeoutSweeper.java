package io.roomwire.websocket.servlet;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One shared scheduler thread that applies every session's idle, ping, close and write timeouts on
 * a fixed tick, instead of a timer per connection: with 20,000 connections that is one wake-up per
 * tick, not 20,000 scheduled tasks. Timeouts therefore fire up to one tick late. It sweeps the
 * sessions of its {@link SessionRegistry}, and keeps no set of its own. Thread-safe.
 */
public final class TimeoutSweeper implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(TimeoutSweeper.class.getName());

    private final SessionRegistry sessions;
    private final LongSupplier clock;
    private final ScheduledExecutorService scheduler;
    private final ScheduledFuture<?> task;

    /** Starts sweeping {@code sessions} every {@code tick} on a daemon thread, using {@link System#nanoTime()}. */
    public TimeoutSweeper(SessionRegistry sessions, Duration tick) {
        this(sessions, tick, System::nanoTime);
    }

    TimeoutSweeper(SessionRegistry sessions, Duration tick, LongSupplier clock) {
        this.sessions = sessions;
        this.clock = clock;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("roomwire-timeouts").factory());
        long nanos = tick.toNanos();
        this.task = scheduler.scheduleWithFixedDelay(this::sweepSafely, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    LongSupplier clock() {
        return clock;
    }

    /** One pass over every session at time {@code now}. */
    void sweep(long now) {
        for (EngineSession session : sessions.engineSessions()) {
            if (session.attached()) { // between the 101 and init() there is no connection to time out
                session.checkTimeouts(now);
            }
        }
    }

    private void sweepSafely() {
        try {
            sweep(clock.getAsLong());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Timeout sweep failed", e);
        }
    }

    @Override
    public void close() {
        task.cancel(false);
        scheduler.shutdownNow();
    }
}
