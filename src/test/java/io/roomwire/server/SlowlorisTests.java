package io.roomwire.server;

import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.Sessions;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import tools.jackson.databind.JsonNode;

/**
 * Slowloris and friends (RFC 6455 §10.4: an endpoint must protect itself against a peer that makes it
 * hold resources): each attack runs from many raw sockets against the in-process server while two
 * ordinary members of a room ("the witness") chat through it. Each attacker must be cut off within its
 * configured time or size and with its close code, the heap (this JVM, after a full GC) must stay within
 * {@link #HEAP_BOUND} of its level before the attack, and the witness must receive every message, gap-free,
 * with a latency bound. Limits are shrunk so each attack ends in about a second.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.websocket.sweep-interval=100ms",
        "roomwire.websocket.idle-timeout=" + SlowlorisTests.IDLE_TIMEOUT_MS + "ms",
        "roomwire.websocket.ping-interval=1s",
        "roomwire.websocket.close-timeout=1s",
        "roomwire.websocket.message-timeout=" + SlowlorisTests.MESSAGE_TIMEOUT_MS + "ms",
        "roomwire.websocket.max-fragments=" + SlowlorisTests.MAX_FRAGMENTS,
        "roomwire.websocket.write-timeout=" + SlowlorisTests.WRITE_TIMEOUT_MS + "ms",
        "roomwire.websocket.max-queued-bytes=64KB",
        "roomwire.delivery.soft-queued-bytes=16KB",
        "roomwire.connector.header-timeout=" + SlowlorisTests.HEADER_TIMEOUT_MS + "ms",
        "roomwire.chat.flood.chat-per-second=100000",
        "roomwire.chat.flood.chat-burst=100000"})
class SlowlorisTests extends ChatClientsFixture {

    static final long MESSAGE_TIMEOUT_MS = 1000;
    static final int MAX_FRAGMENTS = 100;
    static final long WRITE_TIMEOUT_MS = 1500;
    static final long HEADER_TIMEOUT_MS = 1000;
    static final long IDLE_TIMEOUT_MS = 3000;
    /** Attacking connections per test. */
    private static final int ATTACKERS = 20;
    /** Growth of the heap (after a full GC) allowed while an attack runs: 20 attackers may hold 64 KB each. */
    private static final long HEAP_BOUND = 48L * 1024 * 1024;
    /** The sweeper's tick plus scheduling slack on a busy two-core machine. */
    private static final long SLACK_MS = 1500;

    @Autowired
    private MeterRegistry meters;

    private final ExecutorService attackers = Executors.newCachedThreadPool(
            Thread.ofPlatform().daemon().name("attacker-", 0).factory());
    private String room;
    private Witness witness;
    private long heapBefore;

    @BeforeEach
    void startWitness() {
        room = ChatClients.room("siege");
        heapBefore = heapAfterGc();
        witness = new Witness(clients, room, 200);
    }

    @AfterEach
    void stopAttackers() {
        attackers.shutdownNow();
    }

    // ------------------------------------------------------------------ the attacks

    @Test
    void aHandshakeThatTricklesItsHeadersIsDroppedAtTheHeaderTimeout() throws Exception {
        double before = rejected("header_timeout");
        List<Future<Long>> drops = launch(() -> {
            try (Socket socket = socket(0)) {
                OutputStream out = socket.getOutputStream();
                long started = System.nanoTime();
                out.write(("GET /ws?name=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // A byte every 100 ms: far inside Tomcat's gap timeout, so only the header deadline can stop it.
                return untilDropped(socket, started, () -> {
                    out.write('a');
                    out.flush();
                });
            }
        });
        long heapDuring = heapDuringAttack();
        for (Future<Long> drop : drops) {
            assertThat(drop.get(10, TimeUnit.SECONDS)).as("dropped after (ms)")
                    .isBetween(HEADER_TIMEOUT_MS - 50, HEADER_TIMEOUT_MS + SLACK_MS);
        }
        assertThat(rejected("header_timeout") - before).as("counted as header_timeout").isGreaterThanOrEqualTo(ATTACKERS);
        finish(heapDuring);
    }

    @Test
    void aHandshakeWhoseHeadIsSlowButCompleteInTimeIsAccepted() throws Exception {
        try (Socket socket = socket(0)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            String head = "GET /ws?name=patient HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
            byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
            int chunk = bytes.length / 4 + 1;
            for (int i = 0; i < bytes.length; i += chunk) {
                out.write(bytes, i, Math.min(chunk, bytes.length - i));
                out.flush();
                Thread.sleep(HEADER_TIMEOUT_MS / 6);
            }
            byte[] status = socket.getInputStream().readNBytes(12);
            assertThat(new String(status, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 101");
        }
        finish(heapAfterGc());
    }

    @Test
    void aFrameDeclaring2To62BytesIsRefusedFromItsHeaderWith1009() throws Exception {
        List<Future<Long>> closes = launch(() -> {
            try (RawSocketClient client = clients.connectRaw("huge", 0)) {
                client.readJson(); // hello
                long started = System.nanoTime();
                ByteBuffer header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127))
                        .putLong(1L << 62).put(RawSocketClient.newMaskKey());
                client.writeRaw(header.array());
                trickle(client, 20);
                RawSocketClient.Ending ending = client.readUntilClosed(Duration.ofSeconds(5));
                assertThat(ending.closeCode()).isEqualTo(1009);
                return elapsedMs(started);
            }
        });
        long heapDuring = heapDuringAttack();
        for (Future<Long> close : closes) {
            assertThat(close.get(10, TimeUnit.SECONDS)).as("closed after (ms)").isLessThan(SLACK_MS);
        }
        finish(heapDuring);
    }

    @Test
    void aFragmentedMessageThatNeverEndsIsClosedWith1008AtTheMessageTimeout() throws Exception {
        List<Future<Long>> closes = launch(() -> {
            try (RawSocketClient client = clients.connectRaw("endless", 0)) {
                client.readJson();
                long started = System.nanoTime();
                client.sendMasked(false, Opcode.TEXT, "{\"type\":".getBytes(StandardCharsets.UTF_8));
                // One small fragment every 100 ms: the message stays under every size limit and the
                // connection is never idle.
                RawSocketClient.Ending ending = null;
                for (int i = 0; i < 40 && ending == null; i++) {
                    Thread.sleep(100);
                    try {
                        client.sendMasked(false, Opcode.CONTINUATION, " ".getBytes(StandardCharsets.UTF_8));
                    } catch (IOException e) {
                        break;
                    }
                    if (elapsedMs(started) > MESSAGE_TIMEOUT_MS + SLACK_MS) {
                        break;
                    }
                }
                ending = client.readUntilClosed(Duration.ofSeconds(5));
                assertThat(ending.closeCode()).isEqualTo(1008);
                assertThat(reason(ending)).contains("not completed in time");
                return elapsedMs(started);
            }
        });
        long heapDuring = heapDuringAttack();
        for (Future<Long> close : closes) {
            assertThat(close.get(10, TimeUnit.SECONDS)).as("closed after (ms)")
                    .isBetween(MESSAGE_TIMEOUT_MS - 50, MESSAGE_TIMEOUT_MS + SLACK_MS + 200);
        }
        finish(heapDuring);
    }

    @Test
    void aMessageInFragmentsThatCompletesInTimeAndWithinTheFragmentLimitIsServed() throws Exception {
        try (RawSocketClient client = clients.connectRaw("patient", 0)) {
            client.readJson();
            byte[] command = ChatClient.JSON.writeValueAsBytes(command("join", "room", room));
            // Exactly MAX_FRAGMENTS frames (the last with FIN), spread over half the message timeout.
            int perFrame = command.length / (MAX_FRAGMENTS - 1);
            List<byte[]> parts = new ArrayList<>();
            int at = 0;
            for (int i = 0; i < MAX_FRAGMENTS - 1; i++) {
                parts.add(Arrays.copyOfRange(command, at, at + perFrame));
                at += perFrame;
            }
            parts.add(Arrays.copyOfRange(command, at, command.length));
            for (int i = 0; i < parts.size(); i++) {
                client.sendMasked(i == parts.size() - 1, i == 0 ? Opcode.TEXT : Opcode.CONTINUATION, parts.get(i));
                if (i % 20 == 0) {
                    Thread.sleep(MESSAGE_TIMEOUT_MS / 10);
                }
            }
            assertThat(text(client.readJson(), "type")).isEqualTo("joined");
        }
        finish(heapAfterGc());
    }

    @Test
    void thousandsOfTinyContinuationFramesAreClosedWith1008AtTheFragmentLimit() throws Exception {
        List<Future<Long>> closes = launch(() -> {
            try (RawSocketClient client = clients.connectRaw("confetti", 0)) {
                client.readJson();
                long started = System.nanoTime();
                client.sendMasked(false, Opcode.TEXT, new byte[0]);
                byte[] empty = new byte[0];
                for (int i = 0; i < 5000; i++) {
                    try {
                        client.sendMasked(false, Opcode.CONTINUATION, empty);
                    } catch (IOException e) {
                        break; // the server has closed
                    }
                }
                RawSocketClient.Ending ending = client.readUntilClosed(Duration.ofSeconds(5));
                assertThat(ending.closeCode()).isEqualTo(1008);
                assertThat(reason(ending)).contains("more than " + MAX_FRAGMENTS + " frames");
                return elapsedMs(started);
            }
        });
        long heapDuring = heapDuringAttack();
        for (Future<Long> close : closes) {
            assertThat(close.get(10, TimeUnit.SECONDS)).as("closed after (ms)").isLessThan(SLACK_MS + 1000);
        }
        finish(heapDuring);
    }

    @Test
    void aPingFloodWhosePongsAreNeverReadIsDroppedAtTheWriteTimeout() throws Exception {
        double dropsBefore = closed("1006");
        List<Future<Long>> drops = launch(() -> {
            try (RawSocketClient client = clients.connectRaw("pinger", 4096)) {
                client.readJson();
                long started = System.nanoTime();
                byte[] payload = new byte[125];
                // 64 pings per write, so the flood is limited by the server, not by this client's syscalls.
                ByteArrayOutputStream batch = new ByteArrayOutputStream();
                for (int i = 0; i < 64; i++) {
                    batch.writeBytes(FrameEncoder.frame(true, Opcode.PING, payload, 0, payload.length,
                            RawSocketClient.newMaskKey()));
                }
                byte[] pings = batch.toByteArray();
                while (elapsedMs(started) < 30_000) {
                    try {
                        client.writeRaw(pings);
                    } catch (IOException e) {
                        return elapsedMs(started); // reset: the server dropped us
                    }
                }
                throw new AssertionError("still connected after 30 s of pings");
            }
        }, 5);
        long heapDuring = heapDuringAttack();
        for (Future<Long> drop : drops) {
            // Pongs coalesce (§5.5.3), so the outbound queue stays small: it is the write timeout that ends it,
            // after the socket buffers filled.
            assertThat(drop.get(35, TimeUnit.SECONDS)).as("dropped after (ms)").isLessThan(WRITE_TIMEOUT_MS + 15_000);
        }
        assertThat(closed("1006") - dropsBefore).as("dropped connections counted as 1006").isGreaterThanOrEqualTo(5);
        finish(heapDuring);
    }

    @Autowired
    private Sessions sessions;

    @Test
    void aMemberThatNeverReadsIsClosedWhileTheRoomGoesOn() throws Exception {
        List<RawSocketClient> deaf = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            RawSocketClient client = clients.connectRaw("deaf-" + i, 4096);
            client.readJson();
            client.sendJson(command("join", "room", room));
            deaf.add(client); // never reads again
        }
        long started = System.nanoTime();
        // 760 KB to each member, more than its 64 KB queue; the kernel's socket buffers (which Linux grows
        // to megabytes) may take it all, so it is the idle timeout that catches a silent deaf member: it
        // cannot answer pings it does not read. One that sends to look alive is the ping flood above.
        witness.burst(400, 1900);
        long heapDuring = heapAfterGc();
        while (sessions.count() > 2 && elapsedMs(started) < IDLE_TIMEOUT_MS + 1000 + SLACK_MS + 3000) {
            Thread.sleep(50);
        }
        long gone = elapsedMs(started);
        assertThat(sessions.count()).as("only the witness left").isEqualTo(2);
        assertThat(gone).as("deaf members gone after (ms)").isLessThan(IDLE_TIMEOUT_MS + 1000 + SLACK_MS);
        for (RawSocketClient client : deaf) {
            RawSocketClient.Ending ending = client.readUntilClosed(Duration.ofSeconds(5));
            assertThat(ending.close() != null || ending.eof()).as("ended: " + ending.failure()).isTrue();
            if (ending.close() != null) {
                assertThat(ending.closeCode()).as("idle (1001) or too slow (1013)").isIn(1001, 1013);
            }
        }
        finish(heapDuring);
    }

    // ------------------------------------------------------------------ plumbing

    private List<Future<Long>> launch(Callable<Long> attack) {
        return launch(attack, ATTACKERS);
    }

    private List<Future<Long>> launch(Callable<Long> attack, int count) {
        List<Future<Long>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            futures.add(attackers.submit(attack));
        }
        return futures;
    }

    /** Lets the attack get going, then measures the heap after a full GC. */
    private long heapDuringAttack() throws InterruptedException {
        Thread.sleep(400);
        return heapAfterGc();
    }

    /** Checks the heap measured during the attack and everything the witness saw. */
    private void finish(long heapDuring) {
        Witness.Report report = witness.close();
        System.out.printf("witness: %d messages, latency p50 %.1f ms, max %.1f ms; heap %+d KB during the attack%n",
                report.count(), report.p50Ms(), report.maxMs(), (heapDuring - heapBefore) / 1024);
        assertThat(heapDuring - heapBefore).as("heap growth during the attack (bytes)").isLessThan(HEAP_BOUND);
        report.assertHealthy();
    }

    private Socket socket(int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
        socket.setSoTimeout(100);
        return socket;
    }

    interface Step {
        void run() throws IOException;
    }

    /** Repeats {@code step} every 100 ms until the server closes the connection; the time that took, in ms. */
    private static long untilDropped(Socket socket, long started, Step step) throws IOException {
        InputStream in = socket.getInputStream();
        while (elapsedMs(started) < 10_000) {
            try {
                if (in.read() < 0) {
                    return elapsedMs(started);
                }
                throw new AssertionError("The server answered a request head it never received whole");
            } catch (SocketTimeoutException e) {
                // still open: the read waited 100 ms
            } catch (IOException e) {
                return elapsedMs(started); // reset
            }
            try {
                step.run();
            } catch (IOException e) {
                return elapsedMs(started);
            }
        }
        throw new AssertionError("still connected after 10 s");
    }

    private static void trickle(RawSocketClient client, int bytes) throws InterruptedException {
        for (int i = 0; i < bytes; i++) {
            try {
                client.writeRaw(new byte[] {'x'});
            } catch (IOException e) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static String reason(RawSocketClient.Ending ending) {
        byte[] payload = ending.close().payload();
        return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
    }

    private static long elapsedMs(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private double rejected(String reason) {
        FunctionCounter counter = meters.find("roomwire.handshake.rejected").tag("reason", reason).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    private double closed(String code) {
        FunctionCounter counter = meters.find("roomwire.connections.closed").tag("code", code).functionCounter();
        return counter == null ? 0 : counter.count();
    }

    static long heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Two ordinary members of the attacked room: one sends a short chat message every 50 ms, and the
     * other must receive each one; the time from send to receipt is the latency.
     */
    static final class Witness {

        /** Fair to two shared cores with two builds beside us; an unprotected server stalls for seconds. */
        static final double MAX_LATENCY_MS = 1500;
        static final double P50_LATENCY_MS = 150;

        record Report(int count, double p50Ms, double maxMs, Throwable failure, List<Long> seqs) {
            void assertHealthy() {
                assertThat(failure).as("the witness failed").isNull();
                assertThat(count).as("messages the witness exchanged").isGreaterThan(0);
                assertThat(seqs).as("every chat message reached the other member, in order, without gaps")
                        .isEqualTo(LongStream.rangeClosed(1, seqs.size()).boxed().toList());
                assertThat(maxMs).as("max latency (ms)").isLessThan(MAX_LATENCY_MS);
                assertThat(p50Ms).as("median latency (ms)").isLessThan(P50_LATENCY_MS);
            }
        }

        private final ChatClient sender;
        private final ChatClient receiver;
        private final String room;
        private final int length;
        private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Throwable failure;
        private int sent;

        Witness(ChatClients clients, String room, int length) {
            this.room = room;
            this.length = length;
            this.sender = clients.connect("witness-a");
            this.receiver = clients.connect("witness-b");
            sender.joinAndAwait(room);
            receiver.joinAndAwait(room);
            this.thread = Thread.ofPlatform().daemon().name("witness").start(this::run);
        }

        private void run() {
            try {
                while (running) {
                    exchange();
                    Thread.sleep(50);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) {
                failure = e;
            }
        }

        private synchronized void exchange() {
            int n = ++sent;
            String marker = "w" + n + ":";
            long started = System.nanoTime();
            sender.chat(room, marker + "x".repeat(length), "w" + n);
            receiver.awaitMatching(chatIn(room).and(m -> text(m, "text").startsWith(marker)), Duration.ofSeconds(5));
            latencies.add(System.nanoTime() - started);
        }

        /** Sends {@code count} messages of {@code length} characters as fast as acks come back (the bulk a deaf member cannot take). */
        /**
         * Sends {@code count} messages in steps of 20, each step awaited until the receiver has every
         * message so far: at most 20 messages (38 KB) wait in a witness's 64 KB queue, so the witnesses,
         * unlike the deaf members, are never too slow for it however loaded the machine is.
         */
        synchronized void burst(int count, int length) {
            String text = "b".repeat(length);
            for (int i = 0; i < count; i++) {
                sent++;
                sender.chat(room, text, "b" + i);
                if (i % 20 == 19) {
                    sender.awaitMatching(ack("b" + i), Duration.ofSeconds(5));
                    receiver.awaitReceived(chatIn(room), sent, Duration.ofSeconds(10));
                }
            }
        }

        Report close() {
            running = false;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int total;
            synchronized (this) {
                total = sent;
            }
            Predicate<JsonNode> chat = chatIn(room);
            List<Long> seqs = failure != null ? List.of()
                    : receiver.awaitReceived(chat, total, Duration.ofSeconds(10)).stream()
                            .map(m -> m.get("seq").longValue()).toList();
            List<Long> sorted;
            synchronized (latencies) {
                sorted = latencies.stream().sorted().toList();
            }
            double p50 = sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2) / 1e6;
            double max = sorted.isEmpty() ? 0 : sorted.getLast() / 1e6;
            return new Report(sorted.size(), p50, max, failure, seqs);
        }
    }
}
