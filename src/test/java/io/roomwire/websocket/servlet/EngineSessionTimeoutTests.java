package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.CloseStatus;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The policy's idle, ping, close and write timeouts, applied by {@code checkTimeouts(now)} on a
 * manual clock. Each runs with clock origins on both sides of zero: {@link System#nanoTime()} has an
 * arbitrary origin and "may be negative", so only differences of readings mean anything.
 */
class EngineSessionTimeoutTests {

    private static final Duration NANO = Duration.ofNanos(1);

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private EngineHarness start(long origin, Consumer<EngineHarness.PolicyBuilder> policy) {
        return harnesses.builder().handler(RecordingHandler.echo()).clockOrigin(origin).policy(policy).start();
    }

    // ------------------------------------------------------------------ idle

    @ParameterizedTest(name = "clock origin {0}")
    @ValueSource(longs = {7_000_000_000L, -7_000_000_000L, Long.MIN_VALUE + 1_000})
    void anIdleConnectionIsClosedWith1001(long origin) {
        EngineHarness h = start(origin, p -> p.idleTimeout(Duration.ofSeconds(60)).pingInterval(Duration.ZERO));

        h.timePasses(Duration.ofSeconds(60).minus(NANO));
        assertThat(h.transport().size()).isZero();
        h.timePasses(NANO);

        // §7.4.1: 1001, the endpoint is "going away".
        assertThat(h.wire()).containsExactly("CLOSE 1001 Idle timeout");
        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1001, "Idle timeout"));
        assertThat(h.transport().closes()).as("the client still gets to answer").isZero();
        h.sendClose(1001, "");
        assertThat(h.transport().closes()).isEqualTo(1);
    }

    @Test
    void anythingReceivedRestartsTheIdleTimer() {
        EngineHarness h = start(7_000_000_000L, p -> p.idleTimeout(Duration.ofSeconds(60)).pingInterval(Duration.ZERO));

        h.timePasses(Duration.ofSeconds(50)).sendText("still here");
        h.timePasses(Duration.ofSeconds(50)).sendPong(utf8("beat"));
        h.timePasses(Duration.ofSeconds(59));

        assertThat(h.wire()).containsExactly("TEXT still here");
        assertThat(h.session().isOpen()).isTrue();
        h.timePasses(Duration.ofSeconds(1));
        assertThat(h.wire()).containsExactly("TEXT still here", "CLOSE 1001 Idle timeout");
    }

    // ------------------------------------------------------------------ ping

    @ParameterizedTest(name = "clock origin {0}")
    @ValueSource(longs = {7_000_000_000L, -7_000_000_000L, Long.MIN_VALUE + 1_000})
    void aPingIsSentEveryInterval(long origin) {
        EngineHarness h = start(origin, p -> p.idleTimeout(Duration.ZERO).pingInterval(Duration.ofSeconds(10)));

        h.timePasses(Duration.ofSeconds(10).minus(NANO));
        assertThat(h.transport().size()).isZero();
        h.timePasses(NANO);
        assertThat(h.wire()).containsExactly("PING ");

        h.timePasses(Duration.ofSeconds(5)).sendPong(new byte[0]);
        h.timePasses(Duration.ofSeconds(5));
        h.timePasses(Duration.ofSeconds(10));

        assertThat(h.wire()).containsExactly("PING ", "PING ", "PING ");
        assertThat(h.handler().events()).containsExactly("open", "pong:");
        assertThat(h.session().isOpen()).isTrue();
    }

    @Test
    void pingsKeepAnIdleButResponsiveClientConnected() {
        EngineHarness h = start(7_000_000_000L, p -> p.idleTimeout(Duration.ofSeconds(60)).pingInterval(Duration.ofSeconds(25)));

        for (int i = 0; i < 20; i++) {
            h.timePasses(Duration.ofSeconds(25));
            h.sendPong(new byte[0]); // a browser answers our pings by itself (§5.5.2)
        }

        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.wire()).hasSize(20).allMatch("PING "::equals);
    }

    // ------------------------------------------------------------------ close

    @ParameterizedTest(name = "clock origin {0}")
    @ValueSource(longs = {7_000_000_000L, -7_000_000_000L, Long.MIN_VALUE + 1_000})
    void aClientThatNeverAnswersOurCloseIsDroppedAfterTheCloseTimeout(long origin) {
        EngineHarness h = start(origin, p -> p.closeTimeout(Duration.ofSeconds(5)));
        h.session().close(new CloseStatus(1000, "done"));

        h.timePasses(Duration.ofSeconds(5).minus(NANO));
        assertThat(h.transport().closes()).isZero();
        h.timePasses(NANO);

        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.finished()).isEqualTo(1);
        assertThat(h.handler().closes()).as("reported once, with the status we sent").containsExactly(
                new CloseStatus(1000, "done"));
        assertThat(h.listener().closed).containsExactly(1000);
        h.sendClose(1000, "").timePasses(Duration.ofSeconds(60));
        assertThat(h.wire()).containsExactly("CLOSE 1000 done");
        assertThat(h.handler().closes()).hasSize(1);
    }

    @Test
    void aCloseReplyTheClientNeverReadsIsAbandonedAfterTheCloseTimeout() {
        EngineHarness h = start(7_000_000_000L, p -> p.closeTimeout(Duration.ofSeconds(5)).writeTimeout(Duration.ofSeconds(30)));
        h.transport().setReady(false);
        h.session().sendText("stuck");

        h.sendClose(1000, "bye");
        h.timePasses(Duration.ofSeconds(5));

        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1000, "bye"));
        assertThat(h.session().queuedBytes()).isZero();
    }

    // ------------------------------------------------------------------ write

    @ParameterizedTest(name = "clock origin {0}")
    @ValueSource(longs = {7_000_000_000L, -7_000_000_000L, Long.MIN_VALUE + 1_000})
    void aClientThatStopsReadingIsDroppedAfterTheWriteTimeout(long origin) {
        EngineHarness h = start(origin, p -> p.writeTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ZERO)
                .pingInterval(Duration.ZERO));
        h.transport().setReady(false);
        h.session().sendText("taken");
        h.session().sendText("waiting");

        h.timePasses(Duration.ofSeconds(30).minus(NANO));
        assertThat(h.session().isOpen()).isTrue();
        h.timePasses(NANO);

        // Servlet streams have no write timeout: the engine's own drops the connection (1006, no Close possible).
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(1006);
        assertThat(h.session().queuedBytes()).isZero();
        assertThat(h.session().sendText("more")).isFalse();
        assertThat(h.wire()).containsExactly("TEXT taken");
    }

    @Test
    void progressRestartsTheWriteTimer() {
        EngineHarness h = start(7_000_000_000L, p -> p.writeTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ZERO)
                .pingInterval(Duration.ZERO));
        h.transport().setReady(false);
        h.session().sendText("1");

        h.timePasses(Duration.ofSeconds(20));
        h.transport().setReady(true); // drains
        h.transport().setReady(false);
        h.session().sendText("2");
        h.timePasses(Duration.ofSeconds(20));

        assertThat(h.session().isOpen()).isTrue();
        h.timePasses(Duration.ofSeconds(10));
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(1006);
    }

    @Test
    void aSlowClientThatKeepsTakingBytesIsNotDropped() {
        EngineHarness h = start(7_000_000_000L, p -> p.writeTimeout(Duration.ofSeconds(30)).idleTimeout(Duration.ZERO)
                .pingInterval(Duration.ZERO));
        byte[] backlog = new byte[3 * OutboundFlusher.CHUNK];
        h.transport().stallAfterWrites(1);
        h.session().sendBinary(backlog); // one chunk out, then the network stalls

        for (int chunk = 0; chunk < 3; chunk++) {
            h.timePasses(Duration.ofSeconds(20)); // 20s per 64 KiB: slow, but never 30s without progress
            h.transport().stallAfterWrites(1);
            h.transport().setReady(true);
        }

        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.wire()).containsExactly("BINARY " + backlog.length + " bytes");
    }

    @Test
    void aHealthyBusySessionNeverTimesOut() {
        EngineHarness h = start(-3_000_000_000L, p -> { });

        for (int i = 0; i < 100; i++) {
            h.timePasses(Duration.ofSeconds(10)).sendText("tick " + i);
        }

        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.handler().closes()).isEmpty();
        assertThat(h.wire()).filteredOn(s -> s.startsWith("TEXT")).hasSize(100);
    }
}
