package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many threads on one session, with a network that stalls and resumes at random and write callbacks
 * delivered on a container thread of their own: nothing lost, reordered, corrupted or sent twice,
 * and the Servlet contract kept throughout (the tracker checks it after each test).
 */
class EngineSessionConcurrencyTests {

    private static final int SENDERS = 8;
    private static final int MESSAGES = 500;

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private final ExecutorService container = Executors.newSingleThreadExecutor(r -> new Thread(r, "container"));
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() throws InterruptedException {
        threads.shutdownNow();
        container.shutdown();
        assertThat(container.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @RepeatedTest(5)
    void eightThreadsSendingThroughAFlakyNetworkLoseAndReorderNothing() throws Exception {
        EngineHarness h = harnesses.builder().callbacks(container).start();
        Flipper flipper = Flipper.start(h.transport(), 42, threads);

        List<Callable<Integer>> senders = new ArrayList<>();
        for (int t = 0; t < SENDERS; t++) {
            int thread = t;
            senders.add(() -> {
                int refused = 0;
                for (int i = 0; i < MESSAGES; i++) {
                    refused += h.session().sendText("t" + thread + " " + i) ? 0 : 1;
                    if (i % 50 == 0) {
                        LockSupport.parkNanos(50_000); // spread the sends over many stalls
                    }
                }
                return refused;
            });
        }
        for (Future<Integer> refused : runTogether(senders)) {
            assertThat(refused.get(20, TimeUnit.SECONDS)).isZero();
        }
        flipper.stopWithNetworkReady();

        assertThat(eventually(() -> h.transport().size() == h.listener().bytesSent.get()
                && h.session().queuedBytes() == 0 && h.serverFrames().size() == SENDERS * MESSAGES))
                .as("all %d messages reach the client: %s", SENDERS * MESSAGES, h).isTrue();
        List<Frame> frames = h.serverFrames();
        assertThat(frames).allMatch(f -> f.opcode() == Opcode.TEXT);
        Map<String, List<Integer>> byThread = frames.stream()
                .map(f -> new String(f.payload(), StandardCharsets.UTF_8).split(" "))
                .collect(Collectors.groupingBy(p -> p[0], Collectors.mapping(p -> Integer.parseInt(p[1]), Collectors.toList())));
        assertThat(byThread).hasSize(SENDERS);
        List<Integer> inOrder = IntStream.range(0, MESSAGES).boxed().toList();
        byThread.forEach((thread, seq) -> assertThat(seq).as("messages of %s, in send order", thread).isEqualTo(inOrder));
        assertThat(h.transport().notReadyAnswers()).as("the network did stall").isPositive();
        assertThat(h.session().isOpen()).isTrue();
    }

    @RepeatedTest(5)
    void racingClosersSendExactlyOneCloseAfterEveryAcceptedMessage() throws Exception {
        EngineHarness h = harnesses.builder().callbacks(container).start();
        Flipper flipper = Flipper.start(h.transport(), 7, threads);

        List<Callable<List<String>>> callers = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            callers.add(() -> {
                List<String> accepted = new ArrayList<>();
                if (thread % 2 == 0) {
                    h.session().close(new CloseStatus(4000 + thread, "closer " + thread));
                } else {
                    for (int i = 0; i < 300; i++) {
                        String text = "t" + thread + " " + i;
                        if (h.session().sendText(text)) {
                            accepted.add("TEXT " + text);
                        }
                    }
                }
                return accepted;
            });
        }
        List<String> accepted = new ArrayList<>();
        for (Future<List<String>> f : runTogether(callers)) {
            accepted.addAll(f.get(20, TimeUnit.SECONDS));
        }
        flipper.stopWithNetworkReady();

        assertThat(eventually(() -> h.wire().contains("CLOSE " + h.handler().closes().get(0)))).isTrue();
        List<String> wire = h.wire();
        assertThat(wire.stream().filter(s -> s.startsWith("CLOSE"))).as("§5.5.1: one Close, the last frame").hasSize(1);
        assertThat(wire.get(wire.size() - 1)).startsWith("CLOSE 400");
        // WebSocketSession: a Close follows the messages already queued; a send that returned true is sent.
        assertThat(wire.subList(0, wire.size() - 1)).containsExactlyInAnyOrderElementsOf(accepted);
        assertThat(h.handler().closes()).hasSize(1);

        h.sendClose(1000, "");
        assertThat(eventually(() -> h.transport().closes() == 1)).isTrue();
    }

    @Test
    void onCloseIsReportedOnceWhenEveryWayOfEndingRaces() throws Exception {
        for (int round = 0; round < 200; round++) {
            EngineHarness h = harnesses.builder().id("r" + round).handler(RecordingHandler.echo()).start();
            List<Callable<Object>> enders = List.of(
                    () -> h.sendText("hello").sendClose(1000, "reader"),
                    () -> {
                        h.session().close(CloseStatus.GOING_AWAY);
                        return null;
                    },
                    () -> {
                        h.session().onTransportClosed("Connection reset");
                        return null;
                    },
                    () -> h.session().sendText("from app"));

            for (Future<Object> f : runTogether(enders)) {
                f.get(5, TimeUnit.SECONDS);
            }

            assertThat(h.handler().closes()).as("round %d", round).hasSize(1);
            assertThat(h.transport().closes()).isEqualTo(1);
            assertThat(h.finished()).isEqualTo(1);
            List<String> wire = h.wire();
            assertThat(wire.stream().filter(s -> s.startsWith("CLOSE")).count()).isLessThanOrEqualTo(1);
            if (!wire.isEmpty() && wire.stream().anyMatch(s -> s.startsWith("CLOSE"))) {
                assertThat(wire.get(wire.size() - 1)).startsWith("CLOSE");
            }
        }
    }

    /** Releases all callers at once. */
    private <T> List<Future<T>> runTogether(List<Callable<T>> callers) throws InterruptedException {
        CountDownLatch ready = new CountDownLatch(callers.size());
        CountDownLatch go = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> c : callers) {
            futures.add(threads.submit(() -> {
                ready.countDown();
                go.await();
                return c.call();
            }));
        }
        assertThat(ready.await(5, TimeUnit.SECONDS)).isTrue();
        go.countDown();
        return futures;
    }

    private static boolean eventually(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() - deadline < 0) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(5);
        }
        return condition.getAsBoolean();
    }

    /** A network that alternately stalls and drains, for random spells, until stopped; then it stays ready. */
    private static final class Flipper implements Runnable {
        private final MemoryTransport transport;
        private final Random random;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final CountDownLatch started = new CountDownLatch(1);
        private final CountDownLatch stopped = new CountDownLatch(1);

        private Flipper(MemoryTransport transport, long seed) {
            this.transport = transport;
            this.random = new Random(seed);
        }

        /**
         * Waits for the container's first write callback, and makes every second write fill the
         * network's buffer, so that stalls happen however the threads get scheduled.
         */
        static Flipper start(MemoryTransport transport, long seed, ExecutorService threads) throws InterruptedException {
            assertThat(eventually(() -> transport.callbacksDelivered() == 1)).isTrue();
            transport.stallEvery(2);
            Flipper f = new Flipper(transport, seed);
            threads.submit(f);
            assertThat(f.started.await(5, TimeUnit.SECONDS)).isTrue();
            return f;
        }

        @Override
        public void run() {
            try {
                boolean ready = false;
                while (!stop.get()) {
                    transport.setReady(ready);
                    started.countDown();
                    ready = !ready;
                    LockSupport.parkNanos(random.nextInt(30_000));
                }
            } finally {
                stopped.countDown();
            }
        }

        void stopWithNetworkReady() throws InterruptedException {
            stop.set(true);
            assertThat(stopped.await(5, TimeUnit.SECONDS)).isTrue();
            transport.stallEvery(0);
            transport.setReady(true);
        }
    }
}
