package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.WebSocketHandler.OverflowAction;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbound queue as the client sees it: held until the container's first write callback,
 * coalesced, control frames first but never inside a started data frame, bounded, and shared
 * broadcast frames left untouched.
 */
class OutboundFlusherTests {

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    @Test
    void sendsBeforeTheFirstWriteCallbackAreHeldThenWrittenInOrderInOneWrite() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().whenOpen(s -> {
            s.sendText("one");
            s.sendText("two");
        })).attach();

        h.open();
        h.session().sendText("three");

        assertThat(h.transport().size()).as("the container has not called onWritePossible() yet").isZero();
        assertThat(h.session().queuedBytes()).isEqualTo(5 + 5 + 7);
        h.firstWriteCallback();

        assertThat(h.wire()).containsExactly("TEXT one", "TEXT two", "TEXT three");
        assertThat(h.transport().writes()).containsExactly(17);
        assertThat(h.session().queuedBytes()).isZero();
    }

    @Test
    void framesQueuedWhileTheNetworkStallsLeaveInOneWriteWhenItDrains() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);

        h.session().sendText("a"); // written at once; then isReady() says false
        h.session().sendText("bb");
        h.session().sendText("ccc");
        h.session().sendBinary(new byte[] {1, 2});

        assertThat(h.transport().writes()).containsExactly(3);
        assertThat(h.session().queuedBytes()).isEqualTo(4 + 5 + 4);
        h.transport().setReady(true);

        assertThat(h.wire()).containsExactly("TEXT a", "TEXT bb", "TEXT ccc", "BINARY 2 bytes");
        assertThat(h.transport().writes()).containsExactly(3, 13);
        assertThat(h.transport().callbacksDelivered()).isEqualTo(2);
    }

    @Test
    void aQueueThatGrewForABacklogIsReleasedOnceItDrainsAndASmallOneIsKept() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        for (int i = 0; i <= OutboundFlusher.DATA_KEPT + 1; i++) {
            h.session().sendText("m" + i);
        }
        assertThat(h.session().flusher().holdsDataQueue()).isTrue();
        h.transport().setReady(true);
        assertThat(h.wire()).hasSize(OutboundFlusher.DATA_KEPT + 2).last().isEqualTo("TEXT m" + (OutboundFlusher.DATA_KEPT + 1));
        assertThat(h.session().flusher().holdsDataQueue()).as("the grown array is let go").isFalse();

        h.transport().setReady(false);
        h.session().sendText("x");
        h.session().sendText("y");
        h.transport().setReady(true);
        assertThat(h.wire()).endsWith("TEXT x", "TEXT y");
        assertThat(h.session().flusher().holdsDataQueue()).as("a small queue is kept for the next write").isTrue();
    }

    @Test
    void aPongOvertakesQueuedData() {
        EngineHarness h = harnesses.echo();
        h.transport().setReady(false);
        h.session().sendText("a");
        h.session().sendText("b");
        h.session().sendText("c");

        h.sendPing(utf8("p"));
        h.transport().setReady(true);

        // WebSocketSession: control frames may overtake queued data (§5.4 allows them between fragments).
        assertThat(h.wire()).containsExactly("TEXT a", "PONG p", "TEXT b", "TEXT c");
        assertThat(h.transport().writes()).hasSize(2);
        assertThat(h.session().flusher().holdsControlQueue()).as("no control queue kept between pings").isFalse();
    }

    @Test
    void aWaitingPongIsReplacedByTheAnswerToALaterPing() {
        EngineHarness h = harnesses.echo();
        h.transport().stallAfterWrites(1);
        h.session().sendText("x"); // taken, then the network stalls
        for (int i = 0; i < 1000; i++) {
            h.sendPing(utf8("p" + i));
        }
        // §5.5.3: answering only the most recent ping is allowed, so a client that pings without
        // reading cannot grow the queue.
        assertThat(h.session().queuedBytes()).isEqualTo(2 + "p999".length());
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT x", "PONG p999");
    }

    @Test
    void controlFramesNeverSplitADataFrameAlreadyStarted() {
        EngineHarness h = harnesses.echo();
        byte[] big = new byte[2 * OutboundFlusher.CHUNK + 1000];
        new Random(42).nextBytes(big);
        int bigFrame = FrameEncoder.headerLength(big.length, false) + big.length;

        h.transport().stallAfterWrites(1);
        h.session().sendBinary(big);
        assertThat(h.transport().writes()).containsExactly(OutboundFlusher.CHUNK);

        h.session().sendText("after");
        h.sendPing(utf8("p1"));
        h.session().ping(utf8("p2"));
        h.transport().stallAfterWrites(1);
        h.transport().setReady(true); // the second chunk is still all big frame
        h.sendPing(utf8("p3"));
        assertThat(h.transport().writes()).containsExactly(OutboundFlusher.CHUNK, OutboundFlusher.CHUNK);
        h.transport().setReady(true);

        // §5.4: control frames may be injected between fragments, never into a frame. §5.5.3: the
        // pong for p1 was still waiting when p3 arrived, so only the most recent ping is answered.
        assertThat(h.wire()).containsExactly("BINARY " + big.length + " bytes", "PING p2", "PONG p3", "TEXT after");
        assertThat(h.serverFrames().get(0).payload()).containsExactly(big);
        assertThat(h.transport().writes()).hasSize(3).last()
                .isEqualTo(bigFrame - 2 * OutboundFlusher.CHUNK + 4 + 4 + 7);
        assertThat(h.session().queuedBytes()).isZero();
    }

    @Test
    void aCloseFrameWaitsForADataFrameAlreadyStarted() {
        EngineHarness h = harnesses.echo();
        byte[] big = new byte[OutboundFlusher.CHUNK + 10];
        h.transport().stallAfterWrites(1);
        h.session().sendBinary(big);
        h.session().sendText("dropped");

        h.sendClose(1000, "");
        h.transport().setReady(true);

        // §5.5.1: the reply goes after the frame on the wire, and data not started is dropped.
        assertThat(h.wire()).containsExactly("BINARY " + big.length + " bytes", "CLOSE 1000");
        assertThat(h.transport().closes()).isEqualTo(1);
    }

    // ------------------------------------------------------------------ bounded queue

    @Test
    void onOverflowDropLosesOnlyThatMessage() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().onOverflowAnswer(OverflowAction.DROP))
                .policy(p -> p.maxQueuedBytes(64)).start();
        h.transport().setReady(false);
        assertThat(h.session().sendText("m1")).isTrue(); // taken by the network before it stalls
        assertThat(h.session().sendText("a".repeat(20))).isTrue(); // 22 bytes queued
        assertThat(h.session().sendText("b".repeat(20))).isTrue(); // 44

        assertThat(h.session().sendText("c".repeat(30))).as("32 more would make 76 > 64").isFalse();

        assertThat(h.handler().overflows()).containsExactly(32);
        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.session().sendText("d".repeat(18))).as("20 more make 64, which fits").isTrue();
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT m1", "TEXT " + "a".repeat(20), "TEXT " + "b".repeat(20),
                "TEXT " + "d".repeat(18));
        assertThat(h.handler().closes()).isEmpty();
    }

    @Test
    void onOverflowCloseClosesWith1013AheadOfTheBacklog() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().onOverflowAnswer(OverflowAction.CLOSE))
                .policy(p -> p.maxQueuedBytes(64)).start();
        h.transport().setReady(false);
        h.session().sendText("m1");
        h.session().sendText("a".repeat(60));

        assertThat(h.session().sendText("b")).isFalse();

        // §7.4.1: 1013, try again later; the backlog that caused it is not worth sending first.
        assertThat(h.handler().closes()).containsExactly(CloseStatus.TOO_SLOW);
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.session().sendText("c")).isFalse();
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT m1", "CLOSE 1013 Too slow: outbound queue overflow");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().overflows()).containsExactly(3);
    }

    @Test
    void anOnOverflowThatThrowsClosesAsIfItSaidClose() {
        EngineHarness h = harnesses.builder()
                .handler(new RecordingHandler().onOverflowThrow(new IllegalStateException("oops")))
                .policy(p -> p.maxQueuedBytes(10)).start();
        h.transport().setReady(false);
        h.session().sendText("m1");
        Logger log = Logger.getLogger(EngineSession.class.getName());
        Level level = log.getLevel();
        log.setLevel(Level.OFF); // the failure is expected; keep the build log readable

        try {
            assertThat(h.session().sendText("x".repeat(20))).isFalse();
        } finally {
            log.setLevel(level);
        }

        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT m1", "CLOSE 1013 Too slow: outbound queue overflow");
    }

    @Test
    void aPongIsQueuedEvenWhenDataWouldOverflow() {
        EngineHarness h = harnesses.builder().handler(RecordingHandler.echo()).policy(p -> p.maxQueuedBytes(8)).start();
        h.transport().setReady(false);
        h.session().sendText("m1");

        h.sendPing(utf8("1234567890"));

        // §5.5.2: a Ping is answered; the data bound is for messages, and a pong is at most 127 bytes.
        assertThat(h.session().queuedBytes()).isEqualTo(12);
        h.transport().setReady(true);
        assertThat(h.wire()).containsExactly("TEXT m1", "PONG 1234567890");
    }

    // ------------------------------------------------------------------ encode once, send many

    @Test
    void aPreparedMessageIsWrittenIdenticallyToEverySessionAndNeverModified() {
        byte[] big = new byte[OutboundFlusher.CHUNK + 100];
        new Random(7).nextBytes(big);
        List<PreparedMessage> messages = List.of(PreparedMessage.text("broadcast ✓"), PreparedMessage.binary(big));
        List<byte[]> originals = messages.stream().map(m -> m.frame().clone()).toList();
        EngineHarness one = harnesses.builder().id("one").start();
        EngineHarness two = harnesses.builder().id("two").start();
        two.transport().stallAfterWrites(1); // the second session takes the big frame in two chunks

        for (PreparedMessage m : messages) {
            assertThat(one.session().send(m)).isTrue();
            assertThat(two.session().send(m)).isTrue();
        }
        two.transport().setReady(true);

        byte[] expected = ClientFrames.concat(originals.get(0), originals.get(1));
        assertThat(one.transport().bytes()).isEqualTo(expected);
        assertThat(two.transport().bytes()).isEqualTo(expected);
        for (int i = 0; i < messages.size(); i++) {
            assertThat(messages.get(i).frame()).as("shared frame untouched").isEqualTo(originals.get(i));
        }
        assertThat(one.serverFrames().get(0).opcode()).isEqualTo(Opcode.TEXT);
        assertThat(two.wire()).containsExactly("TEXT broadcast ✓", "BINARY " + big.length + " bytes");
    }
}
