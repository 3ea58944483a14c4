package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.servlet.SessionState.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The half-closes of the RFC 6455 §7 close handshake, one compare-and-set per transition. */
class SessionStateTests {

    private final ExecutorService threads = Executors.newFixedThreadPool(8);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void startsOpenBothWays() {
        SessionState s = new SessionState();

        assertThat(s.phase()).isEqualTo(Phase.OPEN);
        assertThat(s.canSend()).isTrue();
        assertThat(s.canReceive()).isTrue();
        assertThat(s).hasToString("OPEN");
    }

    @Test
    void sendingCloseShutsOutputButKeepsReadingForTheReply() {
        SessionState s = new SessionState();

        assertThat(s.shutOutput()).isTrue();
        assertThat(s.shutOutput()).as("only the first caller sends Close").isFalse();

        assertThat(s.phase()).isEqualTo(Phase.OUTPUT_SHUT);
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isTrue();
        assertThat(s.shutInput()).as("the reply arrives").isTrue();
        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.shutInput()).isFalse();
    }

    @Test
    void receivingCloseShutsInputButStillLetsTheReplyOut() {
        SessionState s = new SessionState();

        assertThat(s.shutInput()).isTrue();
        assertThat(s.shutInput()).isFalse();

        assertThat(s.phase()).isEqualTo(Phase.INPUT_SHUT);
        assertThat(s.canSend()).isTrue();
        assertThat(s.canReceive()).isFalse();
        assertThat(s.shutOutput()).as("the reply is sent").isTrue();
        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.shutOutput()).isFalse();
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isFalse();
    }

    @ParameterizedTest(name = "from {0}")
    @EnumSource(Phase.class)
    void abortGoesStraightToClosedFromEveryPhaseAndSaysWhereItWas(Phase from) {
        SessionState s = in(from);

        assertThat(s.abort()).isEqualTo(from);

        assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        assertThat(s.shutInput()).isFalse();
        assertThat(s.shutOutput()).isFalse();
        assertThat(s.canSend()).isFalse();
        assertThat(s.canReceive()).isFalse();
        assertThat(s.abort()).isEqualTo(Phase.CLOSED);
    }

    @Test
    void racingCallersOfOneTransitionHaveExactlyOneWinner() throws Exception {
        for (int round = 0; round < 300; round++) {
            SessionState output = new SessionState();
            SessionState input = new SessionState();

            assertThat(race(8, i -> output.shutOutput())).isEqualTo(1);
            assertThat(race(8, i -> input.shutInput())).isEqualTo(1);
        }
    }

    @Test
    void bothHalvesRacingEndClosedWithOneWinnerEach() throws Exception {
        for (int round = 0; round < 300; round++) {
            SessionState s = new SessionState();
            AtomicInteger outputs = new AtomicInteger();
            AtomicInteger inputs = new AtomicInteger();

            race(8, i -> {
                boolean won = i % 2 == 0 ? s.shutOutput() : s.shutInput();
                (i % 2 == 0 ? outputs : inputs).addAndGet(won ? 1 : 0);
                return won;
            });

            assertThat(outputs).hasValue(1);
            assertThat(inputs).hasValue(1);
            assertThat(s.phase()).isEqualTo(Phase.CLOSED);
        }
    }

    @Test
    void anAbortRacingTheHandshakeAlwaysEndsClosed() throws Exception {
        for (int round = 0; round < 300; round++) {
            SessionState s = new SessionState();
            List<Phase> left = new CopyOnWriteArrayList<>();
            AtomicInteger outputs = new AtomicInteger();
            AtomicInteger inputs = new AtomicInteger();

            race(6, i -> switch (i % 3) {
                case 0 -> s.shutOutput() && outputs.incrementAndGet() > 0;
                case 1 -> s.shutInput() && inputs.incrementAndGet() > 0;
                default -> left.add(s.abort());
            });

            assertThat(s.phase()).isEqualTo(Phase.CLOSED);
            assertThat(outputs.get()).isLessThanOrEqualTo(1);
            assertThat(inputs.get()).isLessThanOrEqualTo(1);
            assertThat(left).as("the later of two aborts finds CLOSED").hasSize(2).contains(Phase.CLOSED);
        }
    }

    private static SessionState in(Phase phase) {
        SessionState s = new SessionState();
        Consumer<BooleanSupplier> must = t -> assertThat(t.getAsBoolean()).isTrue();
        switch (phase) {
            case OPEN -> { }
            case OUTPUT_SHUT -> must.accept(s::shutOutput);
            case INPUT_SHUT -> must.accept(s::shutInput);
            case CLOSED -> {
                must.accept(s::shutOutput);
                must.accept(s::shutInput);
            }
        }
        assertThat(s.phase()).isEqualTo(phase);
        return s;
    }

    /** Runs {@code n} callers released at once; returns how many returned true. */
    private int race(int n, IntPredicate caller) throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int id = i;
            results.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return caller.test(id);
            }));
        }
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        int wins = 0;
        for (Future<Boolean> f : results) {
            wins += f.get(5, TimeUnit.SECONDS) ? 1 : 0;
        }
        return wins;
    }
}
