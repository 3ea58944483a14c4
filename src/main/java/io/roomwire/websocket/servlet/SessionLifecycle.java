package io.roomwire.websocket.servlet;

import io.roomwire.websocket.CloseStatus;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lifecycle of one connection in one place: the half-closes of the RFC 6455 §7 close handshake
 * and everything that decides when the TCP connection closes and when the application hears of the
 * end. Readers, senders, the writer and the sweeper race through it: every transition is one
 * compare-and-set on a single int, and returns what the caller must do, so exactly one caller does
 * each thing (send Close, close TCP, report the end) exactly once.
 *
 * <pre>
 *                         OPEN
 *        close()         /    \        Close received: reply at once
 *   (our Close queued)  v      \       fail(): Close at once (§7.1.7)
 *              OUTPUT_SHUT      \
 *   Close received,      \       \
 *   or fail()             v       v
 *                          CLOSED  &lt;-- abort() from any phase: TCP dropped, queue discarded
 *
 *   TCP closes once the phase is CLOSED and our Close is flushed (§7.1.1: the server closes first),
 *   after the reader drained the input when we failed the connection; or at once on abort().
 *   The application hears of the end once: at the first transition out of OPEN.
 * </pre>
 *
 * INPUT_SHUT (Close received, our reply not yet decided) is only passed through inside one
 * transition, so callers never see it. The outbound queue keeps where our Close frame is in its own
 * forward-only {@code OutboundFlusher.CloseFrame} state (queued, written, flushed) under its monitor,
 * beside whether the queue was discarded: they describe the queue, and reach this machine as the
 * {@link #closeFlushed()} event.
 *
 * <p>Thread-safe and lock-free.
 */
final class SessionLifecycle {

    enum Phase { OPEN, OUTPUT_SHUT, CLOSED }

    /** Nothing to do. */
    static final int NOTHING = 0;
    /** Queue our Close behind the data already queued (the application closes). */
    static final int QUEUE_CLOSE = 1;
    /** Queue our Close ahead of queued data that has not started (a reply, a failure). */
    static final int QUEUE_CLOSE_NOW = 1 << 1;
    /** Drop whatever is queued: nothing more will be written. */
    static final int DISCARD = 1 << 2;
    /** Close the TCP connection. */
    static final int CLOSE_TCP = 1 << 3;
    /** Tell the application the session is over, with {@link #closeStatus()}. */
    static final int REPORT = 1 << 4;

    // The state, packed: the phase's ordinal in the low two bits, then flags.
    private static final int PHASE = 3;
    /** We failed the connection (§7.1.7): before closing TCP, let the reader drain the input. */
    private static final int FAILED = 1 << 2;
    /** Our Close frame has been written and flushed. */
    private static final int CLOSE_FLUSHED = 1 << 3;
    /** A container read callback is running. */
    private static final int READING = 1 << 4;
    /** Close TCP when the running read callback ends. */
    private static final int CLOSE_AFTER_READ = 1 << 5;
    private static final int TCP_CLOSED = 1 << 6;
    private static final int REPORTED = 1 << 7;

    private static final Phase[] PHASES = Phase.values();

    private final AtomicInteger state = new AtomicInteger(Phase.OPEN.ordinal());
    /** The first Close sent, received or failed with, or the reason of an abort: what is reported. */
    private volatile CloseStatus closeStatus;
    /** When the close handshake started (our Close queued), for the close timeout; 0 before. */
    private volatile long closeStarted;

    Phase phase() {
        return phase(state.get());
    }

    /** Data may still be queued: our Close is not. */
    boolean canSend() {
        return phase() == Phase.OPEN;
    }

    /** Frames may still be read: the client's Close has not arrived and nothing failed. */
    boolean canReceive() {
        return phase() != Phase.CLOSED;
    }

    boolean isTransportClosed() {
        return (state.get() & TCP_CLOSED) != 0;
    }

    CloseStatus closeStatus() {
        return closeStatus;
    }

    /** Whether the peer has had {@code timeout} nanoseconds to finish the handshake, with TCP still open. */
    boolean closeTimedOut(long now, long timeout) {
        long started = closeStarted;
        return phase() != Phase.OPEN && !isTransportClosed() && started != 0 && now - started >= timeout;
    }

    // ------------------------------------------------------------------ the closing verbs

    /** The application closes (§7.1.2, start the handshake): our Close follows queued data. */
    int close(CloseStatus status, long now) {
        return transition(status, now, s -> phase(s) == Phase.OPEN ? with(s, Phase.OUTPUT_SHUT) : s,
                QUEUE_CLOSE);
    }

    /**
     * The client's Close arrived (§5.5.1). From OPEN both halves shut at once and our reply goes out
     * ahead of queued data; after our own Close, TCP closes once that is flushed (§7.1.1).
     */
    int closeReceived(CloseStatus received, long now) {
        return transition(received, now, s -> phase(s) == Phase.CLOSED ? s : with(s, Phase.CLOSED), QUEUE_CLOSE_NOW);
    }

    /**
     * Fail the connection (§7.1.7): stop reading, send Close ahead of queued data, close TCP once it
     * is out and the reader has drained what the client was still sending.
     */
    int fail(CloseStatus status, long now) {
        return transition(status, now, s -> with(s, Phase.CLOSED) | FAILED, QUEUE_CLOSE_NOW);
    }

    /** Drop the connection without (further) handshake: the peer is gone or unresponsive. */
    int abort(CloseStatus why) {
        recordFirst(why);
        while (true) {
            int s = state.get();
            int next = with(s, Phase.CLOSED) | TCP_CLOSED | REPORTED;
            if (state.compareAndSet(s, next)) {
                return DISCARD | ((s & TCP_CLOSED) == 0 ? CLOSE_TCP : 0) | ((s & REPORTED) == 0 ? REPORT : 0);
            }
        }
    }

    /** The client closed TCP: the normal end after the handshake, else an abort. */
    int endOfInput(CloseStatus ifAbrupt) {
        while (true) {
            int s = state.get();
            if (phase(s) != Phase.CLOSED) {
                return abort(ifAbrupt);
            }
            int next = s | TCP_CLOSED | REPORTED;
            if (state.compareAndSet(s, next)) {
                return ((s & TCP_CLOSED) == 0 ? CLOSE_TCP : 0) | ((s & REPORTED) == 0 ? REPORT : 0);
            }
        }
    }

    // ------------------------------------------------------------------ events

    /** Our Close frame is on the network. */
    int closeFlushed() {
        while (true) {
            int s = state.get();
            int next = mayCloseTcp(s | CLOSE_FLUSHED);
            if (state.compareAndSet(s, next)) {
                return closesTcp(s, next);
            }
        }
    }

    /** A container read callback starts. */
    void readerEntered() {
        state.getAndUpdate(s -> s | READING);
    }

    /** A container read callback ends: no more input is available right now. */
    int readerExited() {
        while (true) {
            int s = state.get();
            int next = s & ~READING;
            if ((s & CLOSE_AFTER_READ) != 0) {
                next = (next & ~CLOSE_AFTER_READ) | TCP_CLOSED;
            }
            if (state.compareAndSet(s, next)) {
                return closesTcp(s, next);
            }
        }
    }

    // ------------------------------------------------------------------ mechanics

    /** A state change function: the new phase and flags, or the same state for "not this caller". */
    private interface Step {
        int apply(int state);
    }

    /**
     * Applies {@code step}; when it shuts output, also {@code closeAction}. TCP closing and the report
     * follow from the new state.
     */
    private int transition(CloseStatus status, long now, Step step, int closeAction) {
        recordFirst(status);
        while (true) {
            int s = state.get();
            int next = step.apply(s);
            if (next == s) {
                return NOTHING;
            }
            boolean shutsOutput = phase(s) == Phase.OPEN;
            if (phase(s) == Phase.OPEN) {
                next |= REPORTED;
            }
            next = mayCloseTcp(next);
            if (state.compareAndSet(s, next)) {
                if (shutsOutput) {
                    closeStarted = EngineSession.nonZero(now);
                }
                return (shutsOutput ? closeAction : NOTHING) | closesTcp(s, next)
                        | ((s & REPORTED) == 0 && (next & REPORTED) != 0 ? REPORT : NOTHING);
            }
        }
    }

    /**
     * CLOSED with our Close flushed closes TCP, at once or, after a failure while the reader is still
     * draining input, when it exits: closing with unread input makes the kernel send a reset that can
     * destroy our Close before the client reads it.
     */
    private static int mayCloseTcp(int s) {
        if (phase(s) != Phase.CLOSED || (s & CLOSE_FLUSHED) == 0 || (s & TCP_CLOSED) != 0) {
            return s;
        }
        if ((s & FAILED) != 0 && (s & READING) != 0) {
            return s | CLOSE_AFTER_READ;
        }
        return s | TCP_CLOSED;
    }

    private static int closesTcp(int before, int after) {
        return (before & TCP_CLOSED) == 0 && (after & TCP_CLOSED) != 0 ? CLOSE_TCP : NOTHING;
    }

    private void recordFirst(CloseStatus status) {
        if (closeStatus == null) {
            synchronized (this) {
                if (closeStatus == null) {
                    closeStatus = status;
                }
            }
        }
    }

    private static Phase phase(int s) {
        return PHASES[s & PHASE];
    }

    private static int with(int s, Phase phase) {
        return (s & ~PHASE) | phase.ordinal();
    }

    @Override
    public String toString() {
        int s = state.get();
        StringBuilder b = new StringBuilder(phase(s).name());
        if ((s & FAILED) != 0) {
            b.append(", failed");
        }
        if ((s & CLOSE_FLUSHED) != 0) {
            b.append(", close flushed");
        }
        if ((s & TCP_CLOSED) != 0) {
            b.append(", tcp closed");
        }
        return b.toString();
    }
}
