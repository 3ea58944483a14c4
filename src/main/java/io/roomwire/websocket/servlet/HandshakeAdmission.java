package io.roomwire.websocket.servlet;

import io.roomwire.websocket.AdmissionLimits;
import io.roomwire.websocket.HandshakeRejection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Applies {@link AdmissionLimits} to handshakes before they are validated (RFC 6455 §10: a server
 * should limit what one client can make it spend): handshakes in progress at once, handshakes per
 * second per address (a token bucket), and open connections per address (a slot reserved at admission
 * and released when the connection is gone or the handshake fails). State per address exists only
 * while an address holds connections or a bucket that is not yet full again, so memory follows the
 * active addresses. Thread-safe.
 */
final class HandshakeAdmission {

    private static final long PURGE_INTERVAL_NANOS = 1_000_000_000L;

    private final AdmissionLimits limits;
    private final ClientAddress addresses;
    private final LongSupplier clock;
    private final Semaphore inFlight;
    private final ConcurrentHashMap<String, Integer> connections = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastPurge;

    /** Tokens and when they were last counted; guarded by the map's compute. */
    private static final class Bucket {
        double tokens;
        long at;
    }

    HandshakeAdmission(AdmissionLimits limits, LongSupplier nanoClock) {
        this.limits = limits;
        this.addresses = new ClientAddress(limits.trustedProxies());
        this.clock = nanoClock;
        this.inFlight = limits.maxHandshakesInFlight() > 0 ? new Semaphore(limits.maxHandshakesInFlight()) : null;
        this.lastPurge = nanoClock.getAsLong();
    }

    /** A handshake begins; false when too many are in progress (503). Pair a true with {@link #exitHandshake}. */
    boolean enterHandshake() {
        return inFlight == null || inFlight.tryAcquire();
    }

    void exitHandshake() {
        if (inFlight != null) {
            inFlight.release();
        }
    }

    String clientAddress(HttpServletRequest request) {
        var headers = request.getHeaders("X-Forwarded-For");
        List<String> forwarded = headers == null ? List.of() : Collections.list(headers);
        return addresses.resolve(request.getRemoteAddr(), forwarded);
    }

    /**
     * Takes a handshake token and reserves a connection slot for {@code address}; null when admitted
     * (then {@link #release} the slot exactly once), else the refusal.
     */
    HandshakeRejection admit(String address) {
        if (limits.handshakesPerSecond() > 0 && !takeToken(address)) {
            return HandshakeRejection.HANDSHAKE_RATE;
        }
        if (limits.maxConnectionsPerAddress() > 0 && !reserve(address)) {
            return HandshakeRejection.TOO_MANY_CONNECTIONS;
        }
        return null;
    }

    /** Gives back the slot {@link #admit} reserved. */
    void release(String address) {
        if (limits.maxConnectionsPerAddress() > 0) {
            connections.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
        }
    }

    /** Open connections counted for {@code address}. */
    int connections(String address) {
        return connections.getOrDefault(address, 0);
    }

    /** Addresses with state held (connections or refilling buckets): what this costs in memory. */
    int trackedAddresses() {
        return connections.size() + buckets.size();
    }

    private boolean reserve(String address) {
        boolean[] reserved = {false};
        connections.compute(address, (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= limits.maxConnectionsPerAddress()) {
                return n;
            }
            reserved[0] = true;
            return open + 1;
        });
        return reserved[0];
    }

    private boolean takeToken(String address) {
        long now = clock.getAsLong();
        purge(now);
        boolean[] taken = {false};
        buckets.compute(address, (k, bucket) -> {
            Bucket b = bucket;
            if (b == null) {
                b = new Bucket();
                b.tokens = limits.handshakeBurst();
                b.at = now;
            }
            refill(b, now);
            if (b.tokens >= 1) {
                b.tokens -= 1;
                taken[0] = true;
            }
            return b;
        });
        return taken[0];
    }

    private void refill(Bucket b, long now) {
        double seconds = Math.max(0, now - b.at) / 1e9;
        b.tokens = Math.min(limits.handshakeBurst(), b.tokens + seconds * limits.handshakesPerSecond());
        b.at = now;
    }

    /** Forgets buckets that have refilled: a fresh one is the same. At most once a second. */
    private void purge(long now) {
        long last = lastPurge;
        if (now - last < PURGE_INTERVAL_NANOS) {
            return;
        }
        lastPurge = now;
        for (Map.Entry<String, Bucket> entry : buckets.entrySet()) {
            buckets.computeIfPresent(entry.getKey(), (k, b) -> {
                refill(b, now);
                return b.tokens >= limits.handshakeBurst() ? null : b;
            });
        }
    }
}
