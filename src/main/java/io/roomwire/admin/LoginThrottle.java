package io.roomwire.admin;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Failed admin logins per client address: after {@code maxFailures} within {@code window}, every login
 * from that address is refused (429) until the window that began with its first failure ends, whether
 * or not the password is right, so guessing costs a window per {@code maxFailures} tries. State exists
 * only for addresses with recent failures. Counted for {@code roomwire_admin_login_failures_total}.
 * Thread-safe.
 */
public final class LoginThrottle {

    private static final int PURGE_ABOVE = 10_000;

    private final int maxFailures;
    private final long windowNanos;
    private final LongSupplier clock;
    private final ConcurrentHashMap<String, Window> windows = new ConcurrentHashMap<>();
    private final LongAdder badCredentials = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    private record Window(long start, int failures) {
    }

    LoginThrottle(int maxFailures, Duration window, LongSupplier nanoClock) {
        this.maxFailures = maxFailures;
        this.windowNanos = window.toNanos();
        this.clock = nanoClock;
    }

    /** Seconds until {@code address} may try again; 0 when it may now. A refusal is counted. */
    long retryAfterSeconds(String address) {
        long now = clock.getAsLong();
        Window w = windows.get(address);
        if (w == null || w.failures() < maxFailures) {
            return 0;
        }
        long left = w.start() + windowNanos - now;
        if (left <= 0) {
            windows.remove(address, w);
            return 0;
        }
        throttled.increment();
        return Math.max(1, (left + 999_999_999L) / 1_000_000_000L);
    }

    /** A login from {@code address} failed. */
    void failed(String address) {
        badCredentials.increment();
        long now = clock.getAsLong();
        windows.compute(address, (k, w) -> w == null || now - w.start() >= windowNanos
                ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        if (windows.size() > PURGE_ABOVE) {
            windows.values().removeIf(w -> now - w.start() >= windowNanos);
        }
    }

    /** Logins refused for a wrong user name or password. */
    public long badCredentials() {
        return badCredentials.sum();
    }

    /** Logins refused because their address was throttled. */
    public long throttled() {
        return throttled.sum();
    }
}
