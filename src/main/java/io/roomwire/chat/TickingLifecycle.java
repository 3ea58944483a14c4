package io.roomwire.chat;

import org.springframework.context.SmartLifecycle;

/**
 * A component whose periodic work runs on its own named {@link Ticker} thread from the context's
 * start to its stop: subclasses book their work in {@link #book}. Thread-safe.
 */
public abstract class TickingLifecycle implements SmartLifecycle {

    private final Ticker ticker;

    protected TickingLifecycle(String threadName) {
        this.ticker = new Ticker(threadName);
    }

    /** Books the periodic work on the started ticker; false leaves the thread unstarted (nothing to do). */
    protected abstract boolean book(Ticker ticker);

    @Override
    public synchronized void start() {
        ticker.start();
        if (!book(ticker)) {
            ticker.stop();
        }
    }

    @Override
    public synchronized void stop() {
        ticker.stop();
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker.isRunning();
    }
}
