package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.protocol.Frame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The close handshake of RFC 6455 §7, from either side, and connections that just drop. */
class EngineSessionCloseTests {

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    // ------------------------------------------------------------------ the client closes

    @Test
    void aClientCloseIsEchoedThenTheServerClosesTcpFirst() {
        EngineHarness h = harnesses.echo();

        h.sendClose(1000, "bye");

        // §5.5.1: the reply echoes the status code; §7.1.1: the server closes TCP first, after the Close is out.
        assertThat(h.transport().bytes()).containsExactly(0x88, 0x02, 0x03, 0xE8);
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().bytesAtClose()).isEqualTo(4);
        assertThat(h.transport().flushes()).isPositive();
        assertThat(h.finished()).isEqualTo(1);
        assertThat(h.handler().events()).containsExactly("open", "close:1000 bye");
        assertThat(h.listener().closed).containsExactly(1000);
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.session().sendText("late")).isFalse();
        assertThat(h.session().ping(new byte[0])).isFalse();
    }

    @Test
    void aClientCloseWhileTheNetworkIsStalledClosesTcpOnlyOnceTheReplyIsFlushed() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        h.session().sendText("taken");
        h.session().sendText("queued");

        h.sendClose(1001, "leaving");

        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1001, "leaving"));
        assertThat(h.transport().closes()).isZero();
        h.transport().setReady(true);
        // §5.5.1: once a Close is received, queued data that has not started is not sent.
        assertThat(h.wire()).containsExactly("TEXT taken", "CLOSE 1001");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().bytesAtClose()).isEqualTo(h.transport().size());
    }

    @Test
    void aCloseWithNoBodyIsAnsweredWithNoBodyAndReportedAs1005() {
        EngineHarness h = harnesses.echo();

        h.sendCloseEmpty();

        // §7.1.5: no status code received means 1005, which is never put on the wire (§7.4.1).
        assertThat(h.transport().bytes()).containsExactly(0x88, 0x00);
        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1005, ""));
        assertThat(h.transport().closes()).isEqualTo(1);
    }

    @Test
    void onCloseIsReportedOnceWhateverFollowsTheHandshake() {
        EngineHarness h = harnesses.echo();

        h.sendClose(1000, "bye").sendClose(1002, "again").sendText("data").endOfInput();
        h.session().close(CloseStatus.GOING_AWAY);
        h.session().onTransportClosed("Connection closed");

        assertThat(h.handler().events()).containsExactly("open", "close:1000 bye");
        assertThat(h.wire()).containsExactly("CLOSE 1000");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.finished()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the server closes

    @Test
    void aServerCloseFollowsQueuedDataAndTcpWaitsForTheClientsReply() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        h.session().sendText("a"); // taken, then the network stalls
        h.session().sendText("b");

        h.session().close(new CloseStatus(1000, "done"));

        // §5.5.1: nothing may be sent after the Close frame.
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.session().sendText("c")).isFalse();
        assertThat(h.session().sendBinary(new byte[1])).isFalse();
        assertThat(h.session().ping(new byte[0])).isFalse();
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT a", "TEXT b", "CLOSE 1000 done");
        assertThat(h.transport().closes()).as("§7.1.1: wait for the client's Close").isZero();
        // The application hears of the close when it starts: nothing more can be sent.
        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1000, "done"));

        // §1.4: after sending Close, data from the client is discarded and a Ping is not answered.
        h.sendText("in flight").sendPing(utf8("p"));
        assertThat(h.handler().texts()).isEmpty();
        assertThat(h.wire()).hasSize(3);

        h.sendClose(1000, "");

        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().bytesAtClose()).isEqualTo(h.transport().size());
        assertThat(h.handler().events()).containsExactly("open", "close:1000 done");
        assertThat(h.wire()).hasSize(3);
    }

    @Test
    void aReplyThatOvertakesOurUnflushedCloseClosesTcpOnlyOnceOursIsOut() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        h.session().sendText("x");
        h.session().close(CloseStatus.NORMAL);

        h.sendClose(1000, "");

        assertThat(h.transport().closes()).isZero();
        assertThat(h.handler().closes()).containsExactly(CloseStatus.NORMAL);
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT x", "CLOSE 1000");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().bytesAtClose()).isEqualTo(h.transport().size());
    }

    @Test
    void aHandlerMayCloseFromItsOwnCallback() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().whenText((s, t) -> {
            s.sendText("reply to " + t);
            s.close(new CloseStatus(4000, "enough"));
        })).start();

        h.sendText("one");

        assertThat(h.wire()).containsExactly("TEXT reply to one", "CLOSE 4000 enough");
        h.sendClose(4000, "");
        assertThat(h.handler().events()).containsExactly("open", "text:one", "close:4000 enough");
        assertThat(h.transport().closes()).isEqualTo(1);
    }

    @Test
    void onlyTheFirstCloseCountsAndOnlyOneCloseFrameIsSent() {
        EngineHarness h = harnesses.echo();

        h.session().close(new CloseStatus(1000, "first"));
        h.session().close(new CloseStatus(1001, "second"));

        assertThat(h.wire()).containsExactly("CLOSE 1000 first");
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {999, 1004, 1005, 1006, 1015, 2999, 5000})
    void codesThatMayNotBeSentAreRefused(int code) {
        EngineHarness h = harnesses.echo();

        // §7.4.1-§7.4.2: 1005, 1006 and 1015 are for reports only; others are reserved or unassigned.
        assertThatIllegalArgumentException().isThrownBy(() -> h.session().close(new CloseStatus(code, "x")));
        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.transport().size()).isZero();
    }

    @Test
    void aLongReasonIsTrimmedTo123BytesWithoutSplittingACharacter() {
        EngineHarness h = harnesses.echo();

        h.session().close(new CloseStatus(1000, "é".repeat(100)));

        // §5.5: a control frame carries at most 125 bytes; 2 are the code.
        Frame close = h.serverFrames().get(0);
        assertThat(close.payload().length).isLessThanOrEqualTo(125);
        assertThat(EngineHarness.closeReason(close)).isEqualTo("é".repeat(61));
        assertThat(new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8).getBytes(
                StandardCharsets.UTF_8)).hasSize(122);
    }

    // ------------------------------------------------------------------ connections that drop

    @Test
    void endOfInputWithoutACloseIsReportedAs1006() {
        EngineHarness h = harnesses.echo();

        h.endOfInput();

        // §7.1.5: the connection closed with no Close frame received: 1006.
        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(1006);
        assertThat(h.listener().closed).containsExactly(1006);
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().size()).as("nobody to send a Close to").isZero();
        assertThat(h.finished()).isEqualTo(1);
        assertThat(h.session().sendText("anyone?")).isFalse();
    }

    @Test
    void aConnectionTheContainerDropsIsReportedAs1006AndForgetsQueuedData() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        h.session().sendText("taken");
        h.session().sendText("never");

        h.session().onTransportClosed("Connection reset");

        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(1006);
        assertThat(h.session().queuedBytes()).isZero();
        assertThat(h.transport().closes()).isEqualTo(1);
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT taken");
    }

    @Test
    void aWriteFailureAbortsWith1006() {
        EngineHarness h = harnesses.echo();
        h.transport().failNextWrite(new IOException("Broken pipe"));

        assertThat(h.session().sendText("lost")).as("queued; the failure comes from the network").isTrue();

        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(1006);
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.session().sendText("more")).isFalse();
    }
}
