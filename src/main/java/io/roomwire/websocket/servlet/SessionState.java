package io.roomwire.websocket.servlet;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The lifecycle of one connection, with the half-closes of the RFC 6455 §7 close handshake. Every
 * transition is one compare-and-set, so readers, senders and the sweeper can race safely; each
 * method returns whether this caller made the transition, so exactly one caller acts on it.
 *
 * <pre>
 *                 OPEN
 *   Close sent   /    \   Close received
 *               v      v
 *      OUTPUT_SHUT    INPUT_SHUT
 *   Close received \  / Close sent
 *                   vv
 *                 CLOSED   &lt;-- abort() from any state (connection dropped, timeouts)
 * </pre>
 */
final class SessionState {

    enum Phase { OPEN, OUTPUT_SHUT, INPUT_SHUT, CLOSED }

    private final AtomicReference<Phase> phase = new AtomicReference<>(Phase.OPEN);

    Phase phase() {
        return phase.get();
    }

    /** We send Close: nothing may be sent after it. False if output was already shut. */
    boolean shutOutput() {
        while (true) {
            Phase current = phase.get();
            Phase next = switch (current) {
                case OPEN -> Phase.OUTPUT_SHUT;
                case INPUT_SHUT -> Phase.CLOSED;
                default -> null;
            };
            if (next == null) {
                return false;
            }
            if (phase.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** We received Close (or stop reading after a violation). False if input was already shut. */
    boolean shutInput() {
        while (true) {
            Phase current = phase.get();
            Phase next = switch (current) {
                case OPEN -> Phase.INPUT_SHUT;
                case OUTPUT_SHUT -> Phase.CLOSED;
                default -> null;
            };
            if (next == null) {
                return false;
            }
            if (phase.compareAndSet(current, next)) {
                return true;
            }
        }
    }

    /** Straight to CLOSED; returns the phase it left. */
    Phase abort() {
        return phase.getAndSet(Phase.CLOSED);
    }

    boolean canSend() {
        Phase p = phase.get();
        return p == Phase.OPEN || p == Phase.INPUT_SHUT;
    }

    boolean canReceive() {
        Phase p = phase.get();
        return p == Phase.OPEN || p == Phase.OUTPUT_SHUT;
    }

    @Override
    public String toString() {
        return phase.get().name();
    }
}
