package io.roomwire.websocket;

import java.util.List;

/**
 * What one client address, and all of them together, may ask of the handshake: the limits the
 * engine applies before it validates a handshake (RFC 6455 §10: "servers ... SHOULD limit the
 * resources a client can consume"). Zero switches a limit off. Immutable.
 *
 * @param maxConnectionsPerAddress   open WebSocket connections per client address (429 beyond)
 * @param handshakesPerSecond        handshakes per second per client address, refilled continuously (429 beyond)
 * @param handshakeBurst             handshakes an address may make at once before the rate applies
 * @param maxHandshakesInFlight      handshakes being checked and upgraded at once, all addresses (503 beyond)
 * @param trustedProxies             addresses or CIDR blocks whose {@code X-Forwarded-For} is believed
 */
public record AdmissionLimits(int maxConnectionsPerAddress, double handshakesPerSecond, int handshakeBurst,
        int maxHandshakesInFlight, List<String> trustedProxies) {

    public static final AdmissionLimits NONE = new AdmissionLimits(0, 0, 0, 0, List.of());

    public AdmissionLimits {
        if (maxConnectionsPerAddress < 0 || handshakesPerSecond < 0 || handshakeBurst < 0 || maxHandshakesInFlight < 0) {
            throw new IllegalArgumentException("Admission limits must be zero (off) or positive");
        }
        if (handshakesPerSecond > 0 && handshakeBurst < 1) {
            throw new IllegalArgumentException("A handshake rate needs a burst of at least 1");
        }
        trustedProxies = List.copyOf(trustedProxies);
    }
}
