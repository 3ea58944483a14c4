package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The flusher with a deferred {@link FlushScheduler}: sending only queues and books one flush; every
 * frame queued before the flush runs leaves in that one write.
 */
class OutboundFlusherSchedulingTests {

    /** Books flushes and runs them when the test says so. */
    private final List<OutboundFlusher> booked = new ArrayList<>();
    private final MemoryTransport transport = new MemoryTransport(Runnable::run);
    private final List<String> events = new ArrayList<>();
    private final OutboundFlusher flusher = new OutboundFlusher(1024, new OutboundFlusher.Events() {
        @Override
        public void onCloseFlushed() {
            events.add("closeFlushed");
        }

        @Override
        public void onWriteFailed(IOException e) {
            events.add("writeFailed: " + e.getMessage());
        }
    }, EngineListener.NONE, () -> 1L, booked::add);

    @BeforeEach
    void connect() {
        transport.connect(flusher);
    }

    @AfterEach
    void contractKept() {
        assertThat(transport.violations()).isEmpty();
    }

    private static byte[] text(String s) {
        return FrameEncoder.textFrame(s);
    }

    private void runBooked() {
        List<OutboundFlusher> due = List.copyOf(booked);
        booked.clear();
        due.forEach(OutboundFlusher::flushScheduled);
    }

    @Test
    void sendsQueuedBeforeTheFlushRunsLeaveInOneWrite() {
        int flushesBefore = transport.flushes(); // the first onWritePossible() flushes once
        for (int i = 0; i < 10; i++) {
            assertThat(flusher.enqueueData(text("m" + i))).isEqualTo(OutboundFlusher.Result.QUEUED);
        }
        flusher.enqueuePong(FrameEncoder.frame(Opcode.PONG, new byte[0]));

        assertThat(booked).as("one flush booked for eleven frames").hasSize(1);
        assertThat(transport.writes()).as("nothing written by the senders").isEmpty();

        runBooked();

        assertThat(transport.writes()).hasSize(1);
        assertThat(transport.flushes()).isEqualTo(flushesBefore + 1);
        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("PONG ", "TEXT m0", "TEXT m1", "TEXT m2", "TEXT m3", "TEXT m4", "TEXT m5", "TEXT m6",
                        "TEXT m7", "TEXT m8", "TEXT m9");
        assertThat(flusher.queuedBytes()).isZero();
    }

    @Test
    void aSendAfterTheFlushBooksTheNextOne() {
        flusher.enqueueData(text("a"));
        runBooked();
        flusher.enqueueData(text("b"));

        assertThat(booked).hasSize(1);
        runBooked();
        assertThat(transport.writes()).hasSize(2);
    }

    @Test
    void aFlushWhoseRoleMovedOnDoesNothing() {
        flusher.enqueueData(text("a"));
        OutboundFlusher stale = booked.getFirst();
        runBooked();
        stale.flushScheduled(); // e.g. booked twice by a buggy scheduler: must not write twice

        assertThat(transport.writes()).hasSize(1);
    }

    @Test
    void theCloseGoesOutWithTheQueuedDataAndIsReportedOnce() {
        flusher.enqueueData(text("bye"));
        flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1000, "")), false);
        assertThat(booked).hasSize(1);

        runBooked();

        assertThat(EngineHarness.parseServerFrames(transport.bytes())).extracting(EngineHarness::describe)
                .containsExactly("TEXT bye", "CLOSE 1000");
        assertThat(events).containsExactly("closeFlushed");
    }

    @Test
    void aDiscardedFlusherWritesNothingWhenItsFlushRuns() {
        flusher.enqueueData(text("lost with the connection"));
        flusher.discard();
        runBooked();

        assertThat(transport.writes()).isEmpty();
    }

    @Test
    void workersFlushEverySessionAndCoalesceWhatQueuedMeanwhile() throws Exception {
        int sessions = 50;
        int messages = 200;
        try (FlushWorkers workers = new FlushWorkers(2, "test-flush")) {
            List<MemoryTransport> transports = new ArrayList<>();
            List<OutboundFlusher> flushers = new ArrayList<>();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            CountDownLatch closed = new CountDownLatch(sessions);
            for (int s = 0; s < sessions; s++) {
                MemoryTransport t = new MemoryTransport(Runnable::run);
                OutboundFlusher f = new OutboundFlusher(1 << 20, new OutboundFlusher.Events() {
                    @Override
                    public void onCloseFlushed() {
                        closed.countDown();
                    }

                    @Override
                    public void onWriteFailed(IOException e) {
                        failures.add(e.getMessage());
                    }
                }, EngineListener.NONE, () -> 1L, workers);
                transports.add(t.connect(f));
                flushers.add(f);
            }
            // One publisher fans every message out to every session, as a room broadcast does.
            for (int m = 0; m < messages; m++) {
                byte[] frame = text("message " + m);
                for (OutboundFlusher f : flushers) {
                    assertThat(f.enqueueData(frame)).isEqualTo(OutboundFlusher.Result.QUEUED);
                }
            }
            for (OutboundFlusher f : flushers) {
                f.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1000, "")), false);
            }

            assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(failures).isEmpty();
            for (MemoryTransport t : transports) {
                List<String> frames = EngineHarness.parseServerFrames(t.bytes()).stream().map(EngineHarness::describe)
                        .toList();
                assertThat(frames).hasSize(messages + 1);
                for (int m = 0; m < messages; m++) {
                    assertThat(frames.get(m)).isEqualTo("TEXT message " + m);
                }
                assertThat(frames.getLast()).isEqualTo("CLOSE 1000");
                assertThat(t.violations()).isEmpty();
            }
        }
    }

    @Test
    void whileAWorkerIsBusyASessionsSendsPileUpAndLeaveInOneWrite() throws Exception {
        try (FlushWorkers worker = new FlushWorkers(1, "test-flush")) {
            MemoryTransport slowT = new MemoryTransport(Runnable::run);
            MemoryTransport busyT = new MemoryTransport(Runnable::run);
            OutboundFlusher slow = attached(slowT, worker);
            OutboundFlusher busy = attached(busyT, worker);
            CountDownLatch inWrite = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            slowT.holdNextWrite(inWrite, release);

            slow.enqueueData(text("holds the only worker"));
            assertThat(inWrite.await(5, TimeUnit.SECONDS)).isTrue();
            for (int i = 0; i < 100; i++) {
                busy.enqueueData(text("m" + i));
            }
            release.countDown();
            busy.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1000, "")), false);

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!busy.isCloseFlushed() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(busy.isCloseFlushed()).isTrue();
            assertThat(EngineHarness.parseServerFrames(busyT.bytes())).hasSize(101);
            // The 100 messages queued behind the busy worker went out in one write; the Close, queued
            // after the release, in the same write or the next.
            assertThat(busyT.writes().size()).isBetween(1, 2);
            assertThat(busyT.writes().getFirst()).isGreaterThanOrEqualTo(100 * text("m0").length);
        }
    }

    private static OutboundFlusher attached(MemoryTransport t, FlushScheduler scheduler) {
        return recording("", t, scheduler, new ArrayList<>());
    }

    @Test
    void aLargeBacklogYieldsTheWorkerToOtherConnectionsEveryFewWrites() throws Exception {
        List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
        try (FlushWorkers worker = new FlushWorkers(1, "test-flush")) {
            MemoryTransport blockerT = new MemoryTransport(Runnable::run);
            MemoryTransport bulkT = new MemoryTransport(Runnable::run);
            MemoryTransport smallT = new MemoryTransport(Runnable::run);
            OutboundFlusher blocker = recording("blocker", blockerT, worker, order);
            OutboundFlusher bulk = recording("bulk", bulkT, worker, order);
            OutboundFlusher small = recording("small", smallT, worker, order);
            CountDownLatch inWrite = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            blockerT.holdNextWrite(inWrite, release);
            blocker.enqueueData(text("holds the worker while the queues fill"));
            assertThat(inWrite.await(5, TimeUnit.SECONDS)).isTrue();

            byte[] big = FrameEncoder.frame(Opcode.BINARY, new byte[OutboundFlusher.CHUNK - 4]); // one write each
            int bigFrames = 3 * OutboundFlusher.WRITES_PER_TURN;
            for (int i = 0; i < bigFrames; i++) {
                assertThat(bulk.enqueueData(big)).isEqualTo(OutboundFlusher.Result.QUEUED);
            }
            small.enqueueData(text("must not wait for the whole backlog"));
            release.countDown();

            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((bulk.queuedBytes() > 0 || small.queuedBytes() > 0) && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(bulk.queuedBytes()).isZero();
            assertThat(EngineHarness.parseServerFrames(bulkT.bytes())).hasSize(bigFrames);
            // One turn of the backlog, then the small connection, then the rest of the backlog.
            List<String> expected = new ArrayList<>(List.of("blocker"));
            expected.addAll(java.util.Collections.nCopies(OutboundFlusher.WRITES_PER_TURN, "bulk"));
            expected.add("small");
            assertThat(order.subList(0, expected.size())).containsExactlyElementsOf(expected);
            assertThat(order.subList(expected.size(), order.size())).containsOnly("bulk");
        }
    }

    private static OutboundFlusher recording(String name, MemoryTransport t, FlushScheduler scheduler, List<String> order) {
        OutboundFlusher f = new OutboundFlusher(1 << 22, new OutboundFlusher.Events() {
            @Override
            public void onCloseFlushed() {
            }

            @Override
            public void onWriteFailed(IOException e) {
                throw new AssertionError(e);
            }

            @Override
            public void wrote(int n) {
                order.add(name);
            }
        }, EngineListener.NONE, () -> 1L, scheduler);
        t.connect(f);
        return f;
    }

    @Test
    void afterThePoolIsClosedFlushesRunOnTheSender() {
        FlushWorkers workers = new FlushWorkers(1, "test-flush");
        workers.close();
        MemoryTransport t = new MemoryTransport(Runnable::run);
        OutboundFlusher late = attached(t, workers);

        late.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(1001, "")), false);

        assertThat(late.isCloseFlushed()).as("written at once, not left in a dead queue").isTrue();
        assertThat(EngineHarness.parseServerFrames(t.bytes())).extracting(EngineHarness::describe)
                .containsExactly("CLOSE 1001");
    }

    @Test
    void aPoolNeedsAThread() {
        assertThatThrownBy(() -> new FlushWorkers(0, "none")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1");
    }
}
