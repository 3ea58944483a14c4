package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One shared sweeper applies the timeouts of every session in its registry, on its clock. */
class TimeoutSweeperTests {

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private final ManualClock clock = new ManualClock(-2_000_000_000L);
    private final SessionRegistry registry = new SessionRegistry();
    private TimeoutSweeper sweeper;

    @AfterEach
    void stopSweeper() {
        if (sweeper != null) {
            sweeper.close();
        }
    }

    /** Wired as UpgradeHandler wires it: registered when opened, unregistered when finished. */
    private EngineHarness session(String id) {
        EngineHarness h = harnesses.builder().id(id).handler(RecordingHandler.echo()).clock(clock)
                .policy(p -> p.idleTimeout(Duration.ofSeconds(60)).pingInterval(Duration.ZERO)
                        .closeTimeout(Duration.ofSeconds(5)))
                .onFinished(done -> registry.remove(done.session())).start();
        registry.add(h.session());
        return h;
    }

    @Test
    void aSweepAppliesTheTimeoutsOfEveryRegisteredSessionAndOnlyThose() {
        sweeper = new TimeoutSweeper(registry, Duration.ofHours(1), clock); // never ticks by itself here
        EngineHarness idle = session("idle");
        EngineHarness chatty = session("chatty");
        EngineHarness unwatched = harnesses.builder().id("unwatched").clock(clock).start();
        assertThat(registry.count()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(30));
        chatty.sendText("hi");
        clock.advance(Duration.ofSeconds(30));
        sweeper.sweep(clock.getAsLong());

        assertThat(idle.wire()).containsExactly("CLOSE 1001 Idle timeout");
        assertThat(chatty.wire()).containsExactly("TEXT hi");
        assertThat(chatty.session().isOpen()).isTrue();
        assertThat(unwatched.session().isOpen()).as("not registered, not swept").isTrue();

        clock.advance(Duration.ofSeconds(5));
        sweeper.sweep(clock.getAsLong());

        assertThat(idle.transport().closes()).as("close timeout: the client never answered").isEqualTo(1);
        assertThat(registry.count()).as("a finished session unregisters itself").isEqualTo(1);
        assertThat(chatty.session().isOpen()).isTrue();
    }

    @Test
    void theSweeperThreadTicksOnItsOwnClock() throws InterruptedException {
        sweeper = new TimeoutSweeper(registry, Duration.ofMillis(5), clock);
        assertThat(sweeper.clock()).isSameAs(clock);
        EngineHarness h = session("idle");

        clock.advance(Duration.ofSeconds(60));

        assertThat(eventually(() -> h.transport().size() > 0)).as("a tick closed the idle session").isTrue();
        assertThat(h.wire()).containsExactly("CLOSE 1001 Idle timeout");
        clock.advance(Duration.ofSeconds(5));
        assertThat(eventually(() -> registry.count() == 0)).as("a tick dropped it after the close timeout").isTrue();
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().closes()).hasSize(1);
    }

    @Test
    void closingTheSweeperStopsTheTicks() throws InterruptedException {
        sweeper = new TimeoutSweeper(registry, Duration.ofMillis(1), clock);
        EngineHarness h = session("idle");

        sweeper.close();
        Thread.sleep(20); // several ticks' worth
        clock.advance(Duration.ofSeconds(60));
        Thread.sleep(20);

        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.transport().size()).isZero();
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(2);
        }
        return condition.getAsBoolean();
    }
}
