package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.SessionLifecycle.CLOSE_TCP;
import static io.roomwire.websocket.servlet.SessionLifecycle.DISCARD;
import static io.roomwire.websocket.servlet.SessionLifecycle.NOTHING;
import static io.roomwire.websocket.servlet.SessionLifecycle.QUEUE_CLOSE;
import static io.roomwire.websocket.servlet.SessionLifecycle.QUEUE_CLOSE_NOW;
import static io.roomwire.websocket.servlet.SessionLifecycle.REPORT;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.servlet.SessionLifecycle.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connection lifecycle on its own (RFC 6455 §7): each transition from each phase and what it
 * tells the caller to do; the close timeout; the drain-before-close rule after a failure; and, under
 * races, that Close is queued, TCP closed and the end reported exactly once.
 */
class SessionLifecycleTests {

    private static final CloseStatus BYE = new CloseStatus(1000, "bye");
    private static final CloseStatus BAD = new CloseStatus(1002, "bad frame");
    private static final CloseStatus GONE = new CloseStatus(1006, "gone");
    private static final long T0 = 1_000;

    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void startsOpenBothWays() {
        SessionLifecycle s = new SessionLifecycle();

        assertThat(s.phase()).isEqualTo(Phase.OPEN);
        assertThat(s.canSend()).isTrue();
        assertThat(s.canReceive()).isTrue();
        assertThat(s.isTransportClosed()).isFalse();
        assertThat(s.closeStatus()).isNull();
        assertThat(s).hasToString("OPEN");
    }

    @Test
    void closingQueuesOurCloseAfterDataThenWaitsForTheReply() {
        SessionLifecycle s = new SessionLifecycle();

        assertThat(s.close(BYE, T0)).isEqualTo(QUEUE_CLOSE | REPORT);
        assertThat(s.close(BYE, T0)).as("only the first caller sends Close").isEqualTo(NOTHING);
        assertThat(s.phase()).isEqualTo(Phase.OUTPUT_SHUT);
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).as("reading on for the reply").isTrue();

        assertThat(s.closeFlushed()).as("flushed, but the reply has not come").isEqualTo(NOTHING);
        // §7.1.1: the reply arrives; our Close is out, so the server closes TCP first.
        assertThat(s.closeReceived(new CloseStatus(1000, ""), T0 + 5)).isEqualTo(CLOSE_TCP);
        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.closeStatus()).as("the first Close is what is reported").isEqualTo(BYE);
        assertThat(s.endOfInput(GONE)).as("TCP already closed, end already reported").isEqualTo(NOTHING);
    }

    @Test
    void replyArrivingBeforeOurCloseIsFlushedClosesTcpWhenItIs() {
        SessionLifecycle s = new SessionLifecycle();
        s.close(BYE, T0);

        assertThat(s.closeReceived(new CloseStatus(1000, ""), T0)).isEqualTo(NOTHING);
        assertThat(s.closeFlushed()).isEqualTo(CLOSE_TCP);
        assertThat(s.closeFlushed()).isEqualTo(NOTHING);
        assertThat(s.isTransportClosed()).isTrue();
    }

    @Test
    void receivingCloseRepliesAheadOfQueuedDataAndShutsBothHalves() {
        SessionLifecycle s = new SessionLifecycle();

        assertThat(s.closeReceived(new CloseStatus(1001, "leaving"), T0)).isEqualTo(QUEUE_CLOSE_NOW | REPORT);
        assertThat(s.closeReceived(BYE, T0)).isEqualTo(NOTHING);
        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isFalse();
        assertThat(s.close(BYE, T0)).as("the reply was our Close").isEqualTo(NOTHING);
        assertThat(s.closeFlushed()).isEqualTo(CLOSE_TCP);
        assertThat(s.closeStatus()).isEqualTo(new CloseStatus(1001, "leaving"));
    }

    @Test
    void failingClosesTcpOnlyOnceTheReaderHasDrainedTheInput() {
        SessionLifecycle s = new SessionLifecycle();
        s.readerEntered();

        assertThat(s.fail(BAD, T0)).isEqualTo(QUEUE_CLOSE_NOW | REPORT);
        assertThat(s.canReceive()).isFalse();
        assertThat(s.closeFlushed()).as("the reader is still discarding input").isEqualTo(NOTHING);
        assertThat(s.isTransportClosed()).isFalse();
        assertThat(s.readerExited()).isEqualTo(CLOSE_TCP);
        assertThat(s.readerExited()).isEqualTo(NOTHING);
        assertThat(s).hasToString("CLOSED, failed, close flushed, tcp closed");
    }

    @Test
    void failingWithNoReaderRunningClosesTcpOnceTheCloseIsFlushed() {
        SessionLifecycle s = new SessionLifecycle();

        assertThat(s.fail(BAD, T0)).isEqualTo(QUEUE_CLOSE_NOW | REPORT);
        assertThat(s.fail(BAD, T0)).isEqualTo(NOTHING);
        assertThat(s.closeFlushed()).isEqualTo(CLOSE_TCP);
    }

    @Test
    void failingAfterOurCloseKeepsThatCloseAndStopsReading() {
        SessionLifecycle s = new SessionLifecycle();
        s.close(BYE, T0);
        s.closeFlushed();

        assertThat(s.fail(BAD, T0)).as("our Close is already out: only TCP is left").isEqualTo(CLOSE_TCP);
        assertThat(s.closeStatus()).isEqualTo(BYE);
    }

    @ParameterizedTest(name = "from {0}")
    @EnumSource(Phase.class)
    void abortDropsEverythingFromEveryPhaseOnce(Phase from) {
        SessionLifecycle s = in(from);
        boolean reportedBefore = from != Phase.OPEN;

        assertThat(s.abort(GONE)).isEqualTo(DISCARD | CLOSE_TCP | (reportedBefore ? NOTHING : REPORT));
        assertThat(s.abort(GONE)).isEqualTo(DISCARD);
        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isFalse();
        assertThat(s.closeFlushed()).isEqualTo(NOTHING);
        assertThat(s.readerExited()).isEqualTo(NOTHING);
        assertThat(s.closeStatus()).isEqualTo(from == Phase.OPEN ? GONE : BYE);
    }

    @Test
    void endOfInputAfterTheHandshakeIsTheNormalEndAndBeforeItAnAbort() {
        SessionLifecycle early = new SessionLifecycle();
        assertThat(early.endOfInput(GONE)).isEqualTo(DISCARD | CLOSE_TCP | REPORT);
        assertThat(early.closeStatus()).isEqualTo(GONE);

        SessionLifecycle late = new SessionLifecycle();
        late.closeReceived(BYE, T0);
        assertThat(late.endOfInput(GONE)).isEqualTo(CLOSE_TCP);
        assertThat(late.closeFlushed()).isEqualTo(NOTHING);
    }

    @Test
    void closeTimeoutCountsFromOurCloseWhileTcpIsOpen() {
        SessionLifecycle s = new SessionLifecycle();
        assertThat(s.closeTimedOut(T0 + 10_000, 100)).as("open: no handshake to time out").isFalse();
        s.close(BYE, T0);
        assertThat(s.closeTimedOut(T0 + 99, 100)).isFalse();
        assertThat(s.closeTimedOut(T0 + 100, 100)).isTrue();
        s.abort(GONE);
        assertThat(s.closeTimedOut(T0 + 100, 100)).as("TCP closed: nothing left to time out").isFalse();
    }

    @Test
    void closeTimeoutWorksWhenTheClockReadsZero() {
        // nanoTime may read 0, which must not mean "not started": it is nudged to 1 (EngineSession.nonZero).
        SessionLifecycle s = new SessionLifecycle();
        s.close(BYE, 0);
        assertThat(s.closeTimedOut(101, 100)).isTrue();
    }

    @Test
    void closeTimeoutWorksWithANegativeClock() {
        SessionLifecycle s = new SessionLifecycle();
        s.close(BYE, -5_000);
        assertThat(s.closeTimedOut(-4_901, 100)).isFalse();
        assertThat(s.closeTimedOut(-4_900, 100)).isTrue();
    }

    @Test
    void racingClosersQueueOneCloseAndReportOnce() throws Exception {
        for (int round = 0; round < 300; round++) {
            SessionLifecycle s = new SessionLifecycle();
            AtomicInteger queued = new AtomicInteger();
            AtomicInteger reported = new AtomicInteger();
            race(8, i -> count(switch (i % 3) {
                case 0 -> s.close(BYE, T0);
                case 1 -> s.closeReceived(BYE, T0);
                default -> s.fail(BAD, T0);
            }, queued, reported));
            assertThat(queued).hasValue(1);
            assertThat(reported).hasValue(1);
            assertThat(s.phase()).isIn(Phase.OUTPUT_SHUT, Phase.CLOSED);
        }
    }

    @Test
    void everyPathToTcpCloseClosesItOnce() throws Exception {
        for (int round = 0; round < 300; round++) {
            SessionLifecycle s = new SessionLifecycle();
            s.readerEntered();
            s.fail(BAD, T0);
            AtomicInteger closes = new AtomicInteger();
            AtomicInteger reports = new AtomicInteger();
            race(8, i -> {
                int actions = switch (i % 4) {
                    case 0 -> s.closeFlushed();
                    case 1 -> s.readerExited();
                    case 2 -> s.endOfInput(GONE);
                    default -> s.abort(GONE);
                };
                closes.addAndGet((actions & CLOSE_TCP) != 0 ? 1 : 0);
                reports.addAndGet((actions & REPORT) != 0 ? 1 : 0);
                return actions;
            });
            assertThat(closes).hasValue(1);
            assertThat(reports).as("reported by fail() already").hasValue(0);
            assertThat(s.isTransportClosed()).isTrue();
        }
    }

    private static int count(int actions, AtomicInteger queued, AtomicInteger reported) {
        queued.addAndGet((actions & (QUEUE_CLOSE | QUEUE_CLOSE_NOW)) != 0 ? 1 : 0);
        reported.addAndGet((actions & REPORT) != 0 ? 1 : 0);
        return actions;
    }

    private static SessionLifecycle in(Phase phase) {
        SessionLifecycle s = new SessionLifecycle();
        switch (phase) {
            case OPEN -> { }
            case OUTPUT_SHUT -> s.close(BYE, T0);
            case CLOSED -> {
                s.close(BYE, T0);
                s.closeReceived(BYE, T0);
            }
        }
        assertThat(s.phase()).isEqualTo(phase);
        return s;
    }

    /** Runs {@code n} callers released at once and waits for all of them. */
    private void race(int n, IntUnaryOperator caller) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            results.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return caller.applyAsInt(id);
            }));
        }
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        for (Future<Integer> f : results) {
            f.get(5, TimeUnit.SECONDS);
        }
    }
}
