import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak (issue 14): simulated users join rooms, chat, drop (abruptly or with a Close) and resume at
 * random for a while; then every user reconnects and recovers, and the run checks what the protocol
 * promises (docs/protocol.md, "Delivery"):
 *
 * <ul>
 *   <li>every acknowledged message reached every member, live or through {@code join} + {@code since}, from the
 *       member's first join of the room to the room's last message ({@code missing} = 0);</li>
 *   <li>each room's {@code seq} runs 1..N with no gap, and everyone saw the same text under each seq
 *       ({@code gaps} = 0, {@code conflicts} = 0);</li>
 *   <li>a {@code ref} re-sent after a drop is acknowledged with its original seq, never posted twice
 *       ({@code duplicates} = 0);</li>
 *   <li>live messages arrive in seq order ({@code outOfOrder} = 0); a {@code joined} with
 *       {@code recovered: false} is counted ({@code unrecovered}), as that member may have lost messages.</li>
 * </ul>
 *
 * The server's heap is bench/soak.sh's business. Java 21+, no dependencies:
 * {@code java bench/soak/Soak.java --url ws://127.0.0.1:18080/ws --users 2000 --rooms 50 --minutes 5}.
 */
public final class Soak {

    // ------------------------------------------------------------------ options

    static String url = "ws://127.0.0.1:8080/ws";
    static int users = 2000;
    static int rooms = 50;
    static double minutes = 5;
    static double sendEverySeconds = 5;
    static double dropEverySeconds = 60;
    static long seed = 14;

    static final HttpClient HTTP = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    static final AtomicLong sent = new AtomicLong();
    static final AtomicLong acked = new AtomicLong();
    static final AtomicLong drops = new AtomicLong();
    static final AtomicLong closes = new AtomicLong();
    static final AtomicLong resumes = new AtomicLong();
    static final AtomicLong resent = new AtomicLong();
    static final AtomicLong duplicates = new AtomicLong();
    static final AtomicLong outOfOrder = new AtomicLong();
    static final AtomicLong unrecovered = new AtomicLong();
    static final AtomicLong conflicts = new AtomicLong();
    static final AtomicLong errors = new AtomicLong();
    static final AtomicLong connectFailures = new AtomicLong();
    /** Per room: seq -> text, from every message anyone received. */
    static final Map<String, ConcurrentHashMap<Long, String>> truth = new ConcurrentHashMap<>();
    /** Per room: seq -> text, from the acks of senders (what was acknowledged). */
    static final Map<String, ConcurrentHashMap<Long, String>> ackedTexts = new ConcurrentHashMap<>();

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--url" -> url = args[i + 1];
                case "--users" -> users = Integer.parseInt(args[i + 1]);
                case "--rooms" -> rooms = Integer.parseInt(args[i + 1]);
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--send-every" -> sendEverySeconds = Double.parseDouble(args[i + 1]);
                case "--drop-every" -> dropEverySeconds = Double.parseDouble(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        String run = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
        List<User> all = new ArrayList<>();
        for (int i = 0; i < users; i++) {
            all.add(new User(i, "soak-" + run + "-" + (i % rooms), new Random(seed * 1_000_003 + i)));
        }
        System.out.printf("soak: %d users in %d rooms for %.1f min (send every %.1f s, drop every %.0f s on average)%n",
                users, rooms, minutes, sendEverySeconds, dropEverySeconds);
        long start = System.nanoTime();
        long end = start + (long) (minutes * 60e9);
        CountDownLatch done = new CountDownLatch(users);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (User u : all) {
                threads.submit(() -> {
                    try {
                        u.chaos(end);
                    } catch (Throwable e) {
                        errors.incrementAndGet();
                        System.err.println("user " + u.id + ": " + e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            Thread progress = Thread.ofVirtual().start(() -> {
                while (done.getCount() > 0) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    System.out.printf("  %3.0f s: sent %d, acked %d, drops %d, closes %d, resumes %d%n",
                            (System.nanoTime() - start) / 1e9, sent.get(), acked.get(), drops.get(), closes.get(),
                            resumes.get());
                }
            });
            done.await();
            progress.interrupt();
        }
        // Everyone is connected and caught up: let the last messages land, then check.
        Thread.sleep(3000);
        Map<String, Long> lastSeq = new HashMap<>();
        ackedTexts.forEach((room, texts) -> lastSeq.put(room, texts.keySet().stream().mapToLong(Long::longValue).max().orElse(0)));
        truth.forEach((room, texts) -> lastSeq.merge(room, texts.keySet().stream().mapToLong(Long::longValue).max().orElse(0), Math::max));
        long gaps = 0;
        for (var entry : lastSeq.entrySet()) {
            Map<Long, String> seen = truth.getOrDefault(entry.getKey(), new ConcurrentHashMap<>());
            for (long s = 1; s <= entry.getValue(); s++) {
                if (!seen.containsKey(s)) {
                    gaps++;
                }
            }
        }
        // A text is unique to one send: under two seqs, a re-sent ref was posted twice.
        for (var texts : truth.values()) {
            duplicates.addAndGet(texts.size() - texts.values().stream().distinct().count());
        }
        long ackMismatch = 0;
        for (var entry : ackedTexts.entrySet()) {
            Map<Long, String> seen = truth.getOrDefault(entry.getKey(), new ConcurrentHashMap<>());
            for (var acked : entry.getValue().entrySet()) {
                if (!acked.getValue().equals(seen.get(acked.getKey()))) {
                    ackMismatch++;
                }
            }
        }
        long missing = 0;
        long checked = 0;
        for (User u : all) {
            if (u.lostSome) {
                continue;
            }
            long last = lastSeq.getOrDefault(u.room, 0L);
            for (long s = u.firstJoinSeq + 1; s <= last; s++) {
                checked++;
                if (!u.received.get((int) s)) {
                    missing++;
                }
            }
            u.close();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("users", users);
        result.put("rooms", rooms);
        result.put("seconds", Math.round(seconds));
        result.put("sent", sent.get());
        result.put("acked", acked.get());
        result.put("resent", resent.get());
        result.put("drops", drops.get());
        result.put("closes", closes.get());
        result.put("resumes", resumes.get());
        result.put("deliveriesChecked", checked);
        result.put("missing", missing);
        result.put("gaps", gaps);
        result.put("ackMismatch", ackMismatch);
        result.put("conflicts", conflicts.get());
        result.put("duplicates", duplicates.get());
        result.put("outOfOrder", outOfOrder.get());
        result.put("unrecovered", unrecovered.get());
        result.put("errors", errors.get() + connectFailures.get());
        StringBuilder json = new StringBuilder("{");
        result.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
        System.out.println("RESULT " + json.append('}'));
        boolean ok = missing == 0 && gaps == 0 && ackMismatch == 0 && conflicts.get() == 0 && duplicates.get() == 0
                && outOfOrder.get() == 0 && errors.get() == 0 && acked.get() > 0;
        System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
        System.exit(ok ? 0 : 1);
    }

    // ------------------------------------------------------------------ one user

    static final class User implements WebSocket.Listener {
        final int id;
        final String room;
        final Random random;
        final BitSet received = new BitSet();
        /** Refs sent and not yet acknowledged, with their text: re-sent after a resume. */
        final Map<String, String> pending = new ConcurrentHashMap<>();
        /** Every ref acknowledged, with its seq: a second ack must name the same seq. */
        final Map<String, Long> ackedRefs = new ConcurrentHashMap<>();
        volatile WebSocket ws;
        volatile String session;
        volatile long firstJoinSeq = -1;
        volatile long lastLiveSeq;
        /** A resume answered recovered: false: this member may have lost messages, and is not checked. */
        volatile boolean lostSome;
        volatile CompletableFuture<Void> joined;
        volatile CompletableFuture<Void> hello;
        final StringBuilder partial = new StringBuilder();
        int counter;

        User(int id, String room, Random random) {
            this.id = id;
            this.room = room;
            this.random = random;
        }

        void chaos(long end) throws Exception {
            Thread.sleep(random.nextInt(5000)); // spread the first connections
            connect();
            long nextSend = System.nanoTime() + exp(sendEverySeconds);
            long nextDrop = System.nanoTime() + exp(dropEverySeconds);
            while (System.nanoTime() < end) {
                long now = System.nanoTime();
                if (now >= nextDrop) {
                    if (random.nextInt(3) == 0) {
                        // Drop right after a send, before its ack can arrive: after the resume the same ref
                        // goes again, and must not be posted twice.
                        String ref = "r" + (++counter);
                        String text = "u" + id + "-" + counter + "-" + Long.toString(random.nextLong() & 0xFFFFFF, 36);
                        pending.put(ref, text);
                        sent.incrementAndGet();
                        send(ref, text);
                    }
                    if (random.nextBoolean()) {
                        drops.incrementAndGet();
                        ws.abort();
                    } else {
                        closes.incrementAndGet();
                        ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
                    }
                    Thread.sleep(100 + random.nextInt(3000));
                    connect();
                    nextDrop = System.nanoTime() + exp(dropEverySeconds);
                } else if (now >= nextSend) {
                    String ref = "r" + (++counter);
                    String text = "u" + id + "-" + counter + "-" + Long.toString(random.nextLong() & 0xFFFFFF, 36);
                    pending.put(ref, text);
                    sent.incrementAndGet();
                    send(ref, text);
                    nextSend = now + exp(sendEverySeconds);
                } else {
                    long wake = Math.min(end, Math.min(nextSend, nextDrop));
                    Thread.sleep(Math.max(1, (wake - now) / 1_000_000));
                }
            }
            // Wind down connected and caught up; wait for the acks still owed.
            if (ws == null || ws.isOutputClosed() || ws.isInputClosed()) {
                connect();
            }
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (!pending.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        }

        private long exp(double meanSeconds) {
            return (long) (-Math.log(1 - random.nextDouble()) * meanSeconds * 1e9);
        }

        void connect() throws Exception {
            for (int attempt = 0; ; attempt++) {
                try {
                    String query = "?name=" + URLEncoder.encode("u" + id, StandardCharsets.UTF_8)
                            + (session == null ? "" : "&session=" + URLEncoder.encode(session, StandardCharsets.UTF_8));
                    hello = new CompletableFuture<>();
                    joined = new CompletableFuture<>();
                    synchronized (partial) {
                        partial.setLength(0);
                    }
                    ws = HTTP.newWebSocketBuilder().subprotocols("roomwire.v1").connectTimeout(Duration.ofSeconds(10))
                            .buildAsync(URI.create(url + query), this).get(15, TimeUnit.SECONDS);
                    hello.get(10, TimeUnit.SECONDS);
                    long since = lastContiguous();
                    boolean rejoin = firstJoinSeq >= 0;
                    send(firstJoinSeq < 0 ? "{\"type\":\"join\",\"room\":\"" + room + "\"}"
                            : "{\"type\":\"join\",\"room\":\"" + room + "\",\"since\":" + since + "}");
                    joined.get(10, TimeUnit.SECONDS);
                    if (rejoin) {
                        resumes.incrementAndGet();
                    }
                    // At least once: whatever was not acknowledged goes again under the same ref.
                    for (var p : pending.entrySet()) {
                        resent.incrementAndGet();
                        send(p.getKey(), p.getValue());
                    }
                    return;
                } catch (Exception e) {
                    connectFailures.incrementAndGet();
                    if (attempt >= 5) {
                        throw e;
                    }
                    Thread.sleep(500L << attempt);
                }
            }
        }

        /** The highest seq up to which nothing is missing since the first join. */
        long lastContiguous() {
            synchronized (received) {
                int from = (int) Math.max(1, firstJoinSeq + 1);
                int clear = received.nextClearBit(from);
                return clear - 1;
            }
        }

        void send(String ref, String text) {
            send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}");
        }

        synchronized void send(String json) {
            try {
                ws.sendText(json, true).get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                // The connection went away meanwhile: the next connect() resends what is pending.
            }
        }

        void close() {
            try {
                ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                ws.abort();
            }
        }

        // ------------------------------------------------------------------ receiving

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            String whole = null;
            synchronized (partial) {
                partial.append(data);
                if (last) {
                    whole = partial.toString();
                    partial.setLength(0);
                }
            }
            if (whole != null) {
                try {
                    handle(MiniJson.parse(whole));
                } catch (RuntimeException e) {
                    errors.incrementAndGet();
                    System.err.println("user " + id + ": " + e + " on " + whole);
                }
            }
            webSocket.request(1);
            return null;
        }

        @SuppressWarnings("unchecked")
        void handle(Object parsed) {
            Map<String, Object> m = (Map<String, Object>) parsed;
            switch ((String) m.get("type")) {
                case "hello" -> {
                    session = (String) m.get("session");
                    hello.complete(null);
                }
                case "joined" -> {
                    long seq = ((Number) m.get("seq")).longValue();
                    if (firstJoinSeq < 0) {
                        firstJoinSeq = seq - ((List<Object>) m.get("history")).size();
                    } else if (Boolean.FALSE.equals(m.get("recovered"))) {
                        lostSome = true;
                        unrecovered.incrementAndGet();
                    }
                    for (Object h : (List<Object>) m.get("history")) {
                        record((Map<String, Object>) h, false);
                    }
                    lastLiveSeq = Math.max(lastLiveSeq, seq);
                    joined.complete(null);
                }
                case "message" -> record(m, true);
                case "ack" -> {
                    String ref = (String) m.get("ref");
                    long seq = ((Number) m.get("seq")).longValue();
                    Long before = ackedRefs.putIfAbsent(ref, seq);
                    if (before != null && before != seq) {
                        duplicates.incrementAndGet(); // the same ref posted twice
                    }
                    String text = pending.remove(ref);
                    if (before == null) {
                        acked.incrementAndGet();
                        if (text != null) {
                            ackedTexts.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).put(seq, text);
                        }
                    }
                }
                case "error" -> {
                    errors.incrementAndGet();
                    System.err.println("user " + id + ": " + m);
                }
                default -> { }
            }
        }

        void record(Map<String, Object> message, boolean live) {
            if (!"chat".equals(message.get("kind")) || message.get("seq") == null) {
                return;
            }
            long seq = ((Number) message.get("seq")).longValue();
            String text = (String) message.get("text");
            String earlier = truth.computeIfAbsent(room, r -> new ConcurrentHashMap<>()).putIfAbsent(seq, text);
            if (earlier != null && !earlier.equals(text)) {
                conflicts.incrementAndGet();
            }
            if (live) {
                if (seq <= lastLiveSeq && !received.get((int) seq)) {
                    outOfOrder.incrementAndGet();
                }
                lastLiveSeq = Math.max(lastLiveSeq, seq);
            }
            synchronized (received) {
                received.set((int) seq);
            }
        }

        @Override
        public CompletableFuture<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null; // the JDK answers with a pong
        }

        @Override
        public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            // A drop we caused (abort) or the server's; the chaos loop reconnects.
        }
    }

    // ------------------------------------------------------------------ a small JSON reader

    /** Enough JSON for the server's messages: objects, arrays, strings, numbers, booleans, null. */
    static final class MiniJson {
        private final String s;
        private int i;

        private MiniJson(String s) {
            this.s = s;
        }

        static Object parse(String s) {
            MiniJson p = new MiniJson(s);
            Object v = p.value();
            p.ws();
            if (p.i != s.length()) {
                throw new IllegalArgumentException("trailing characters");
            }
            return v;
        }

        private void ws() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private Object value() {
            ws();
            char c = s.charAt(i);
            switch (c) {
                case '{' -> {
                    Map<String, Object> m = new HashMap<>();
                    i++;
                    ws();
                    if (s.charAt(i) == '}') {
                        i++;
                        return m;
                    }
                    while (true) {
                        ws();
                        String k = string();
                        ws();
                        i++; // ':'
                        m.put(k, value());
                        ws();
                        if (s.charAt(i++) == '}') {
                            return m;
                        }
                    }
                }
                case '[' -> {
                    List<Object> l = new ArrayList<>();
                    i++;
                    ws();
                    if (s.charAt(i) == ']') {
                        i++;
                        return l;
                    }
                    while (true) {
                        l.add(value());
                        ws();
                        if (s.charAt(i++) == ']') {
                            return l;
                        }
                    }
                }
                case '"' -> {
                    return string();
                }
                case 't' -> {
                    i += 4;
                    return Boolean.TRUE;
                }
                case 'f' -> {
                    i += 5;
                    return Boolean.FALSE;
                }
                case 'n' -> {
                    i += 4;
                    return null;
                }
                default -> {
                    int start = i;
                    while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                        i++;
                    }
                    String n = s.substring(start, i);
                    return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n)
                            : (Object) Long.parseLong(n);
                }
            }
        }

        private String string() {
            StringBuilder b = new StringBuilder();
            i++; // opening quote
            while (true) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
        }
    }
}
