package io.roomwire.metrics;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds, within a bound; fails with the last value seen. */
final class Eventually {

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private Eventually() {
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return await(what, probe, done, TIMEOUT);
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": not reached within " + timeout + "; last seen " + last);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        return last;
    }
}
