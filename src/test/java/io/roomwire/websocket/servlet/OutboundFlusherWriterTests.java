package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flusher on its own, over a {@link MemoryTransport}: who holds the writer role, how it passes to
 * the container's {@code onWritePossible()}, and what the queue accepts around the Close frame.
 */
class OutboundFlusherWriterTests {

    private final ManualClock clock = new ManualClock(-1_000L);
    private final MemoryTransport transport = new MemoryTransport(Runnable::run);
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final OutboundFlusher flusher = new OutboundFlusher(1024, new OutboundFlusher.Events() {
        @Override
        public void onCloseFlushed() {
            events.add("closeFlushed at " + transport.size() + " bytes, " + transport.flushes() + " flushes");
        }

        @Override
        public void onWriteFailed(IOException e) {
            events.add("writeFailed: " + e.getMessage());
        }
    }, EngineListener.NONE, clock, FlushScheduler.INLINE);
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @BeforeEach
    void connect() {
        transport.connect(flusher);
    }

    @AfterEach
    void contractKept() {
        threads.shutdownNow();
        assertThat(transport.violations()).isEmpty();
    }

    private static byte[] text(String s) {
        return FrameEncoder.textFrame(s);
    }

    @Test
    void aCallbackThatRacesTheNotReadyAnswerTakesOverAndIsNotLost() {
        // The container may run onWritePossible() before isReady() has returned false to the writer.
        transport.stallAfterWrites(1);
        transport.raceNextCallback();

        flusher.enqueueData(text("a"));
        assertThat(transport.callbacksDelivered()).isEqualTo(2);
        flusher.enqueueData(text("b"));

        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("TEXT a", "TEXT b");
        assertThat(flusher.notReadySince()).as("nothing waits for the network").isZero();
        assertThat(flusher.queuedBytes()).isZero();
    }

    @Test
    void aCallbackNobodyIsOwedCannotStartASecondWriter() throws Exception {
        CountDownLatch inWrite = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        transport.holdNextWrite(inWrite, release);
        Future<?> writer = threads.submit(() -> flusher.enqueueData(text("first")));
        assertThat(inWrite.await(5, TimeUnit.SECONDS)).isTrue();

        flusher.enqueueData(text("second")); // queued behind the writer
        flusher.onWritePossible(); // some containers call it unasked; the role is taken
        assertThat(transport.writes()).isEmpty();
        release.countDown();
        writer.get(5, TimeUnit.SECONDS);

        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("TEXT first", "TEXT second");
    }

    @Test
    void nothingIsQueuedAfterTheCloseFrame() {
        transport.setReady(false);
        flusher.enqueueData(text("a"));
        flusher.enqueueData(text("b"));

        flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1000, "")), false);

        // RFC 6455 §5.5.1: after sending a Close frame, the endpoint MUST NOT send any more data frames.
        assertThat(flusher.enqueueData(text("c"))).isEqualTo(OutboundFlusher.Result.CLOSED);
        assertThat(flusher.enqueueControl(FrameEncoder.frame(Opcode.PING, new byte[0])))
                .isEqualTo(OutboundFlusher.Result.CLOSED);
        flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1001, "")), true);
        transport.setReady(true);
        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("TEXT a", "TEXT b", "CLOSE 1000");
    }

    @Test
    void theCloseIsReportedFlushedOnceItIsWrittenAndFlushed() {
        transport.setReady(false);
        flusher.enqueueData(text("a"));
        flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, new byte[0]), false);
        assertThat(flusher.isCloseFlushed()).isFalse();

        transport.stallAfterWrites(1);
        transport.setReady(true); // the Close is written, but the flush has to wait
        assertThat(flusher.isCloseFlushed()).isFalse();
        assertThat(events).isEmpty();
        transport.setReady(true);

        assertThat(events).containsExactly("closeFlushed at 5 bytes, 2 flushes");
        assertThat(flusher.isCloseFlushed()).isTrue();
    }

    @Test
    void controlFramesAreAcceptedBeyondTheDataBound() {
        transport.setReady(false);
        flusher.enqueueData(text("a"));
        assertThat(flusher.enqueueData(new byte[1000])).isEqualTo(OutboundFlusher.Result.QUEUED);

        assertThat(flusher.enqueueData(new byte[100])).isEqualTo(OutboundFlusher.Result.OVERFLOW);
        assertThat(flusher.enqueueControl(FrameEncoder.frame(Opcode.PONG, utf8("x".repeat(125)))))
                .isEqualTo(OutboundFlusher.Result.QUEUED);
        assertThat(flusher.queuedBytes()).isEqualTo(1000 + 127);
    }

    @Test
    void theWriteTimerRunsOnlyWhileTheNetworkOwesUsACallback() {
        assertThat(flusher.notReadySince()).isZero();
        clock.advanceNanos(1_000); // reads exactly 0: the "not waiting" value must still be told apart
        transport.setReady(false);
        flusher.enqueueData(text("a"));
        assertThat(flusher.notReadySince()).isNotZero();

        transport.setReady(true);

        assertThat(flusher.notReadySince()).isZero();
    }

    @Test
    void afterDiscardNothingIsWrittenOrQueued() {
        transport.setReady(false);
        flusher.enqueueData(text("a"));
        flusher.enqueueData(text("b"));

        flusher.discard();

        assertThat(flusher.queuedBytes()).isZero();
        assertThat(flusher.notReadySince()).isZero();
        assertThat(flusher.enqueueData(text("c"))).isEqualTo(OutboundFlusher.Result.CLOSED);
        transport.setReady(true);
        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("TEXT a");
    }

    @Test
    void aFailedWriteIsReportedOnce() {
        transport.failNextWrite(new IOException("Connection reset by peer"));

        flusher.enqueueData(text("a"));

        assertThat(events).containsExactly("writeFailed: Connection reset by peer");
    }
}
