package io.roomwire.testsupport;

import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.list;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real chat client over the JDK's {@link java.net.http.WebSocket}: offers {@code roomwire.v1},
 * reassembles partial text frames, parses each message as JSON and keeps it twice: in the full
 * record of everything received (for order checks) and in a queue of not yet awaited messages (for
 * {@link #awaitMatching}). Every wait is bounded. Thread-safe.
 */
public final class ChatClient implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final String SUBPROTOCOL = "roomwire.v1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String label;
    private final Object lock = new Object();
    private final List<JsonNode> all = new ArrayList<>();
    private final LinkedList<JsonNode> pending = new LinkedList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private volatile String closeReason;
    private volatile Throwable error;
    private volatile WebSocket ws;
    private JsonNode hello;

    private ChatClient(String label) {
        this.label = label;
    }

    // ------------------------------------------------------------------ connecting

    /** Connects to {@code /ws} with the given query parameters (values URL-encoded) and awaits {@code hello}. */
    public static ChatClient connect(int port, Map<String, String> query) {
        ChatClient client = open(port, query);
        client.hello = client.awaitType("hello", TIMEOUT);
        return client;
    }

    /** Connects without awaiting anything; throws the handshake's failure (unwrapped) if there is one. */
    public static ChatClient open(int port, Map<String, String> query) {
        ChatClient client = new ChatClient(String.valueOf(query.getOrDefault("name", "anonymous")));
        try {
            client.ws = HTTP.newWebSocketBuilder()
                    .subprotocols(SUBPROTOCOL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri(port, query), client.new Listener())
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new ConnectFailed(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new ConnectFailed(e);
        }
        assertThat(client.ws.getSubprotocol()).as("selected subprotocol").isEqualTo(SUBPROTOCOL);
        return client;
    }

    public static URI uri(int port, Map<String, String> query) {
        String q = query.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return URI.create("ws://127.0.0.1:" + port + "/ws" + (q.isEmpty() ? "" : "?" + q));
    }

    /** A failed opening handshake or connection attempt; {@link #getCause()} is the JDK's reason. */
    public static final class ConnectFailed extends RuntimeException {
        ConnectFailed(Throwable cause) {
            super(cause);
        }
    }

    // ------------------------------------------------------------------ identity from hello

    public JsonNode hello() {
        return hello;
    }

    public String userId() {
        return hello.get("user").get("id").stringValue();
    }

    public String userName() {
        return hello.get("user").get("name").stringValue();
    }

    /** The resume token of {@code hello.session}. */
    public String session() {
        return hello.get("session").stringValue();
    }

    // ------------------------------------------------------------------ sending

    public void send(String text) {
        try {
            synchronized (this) { // the JDK allows one outstanding send at a time
                ws.sendText(text, true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(label + ": send failed", e);
        }
    }

    public void send(ObjectNode command) {
        send(JSON.writeValueAsString(command));
    }

    public void sendBinary(byte[] data) {
        try {
            synchronized (this) {
                ws.sendBinary(ByteBuffer.wrap(data), true).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException(label + ": send failed", e);
        }
    }

    /** A command object: {@code type} plus alternating field names and values (null values omitted). */
    public static ObjectNode command(String type, Object... fields) {
        ObjectNode node = JSON.createObjectNode().put("type", type);
        for (int i = 0; i < fields.length; i += 2) {
            String name = (String) fields[i];
            Object value = fields[i + 1];
            switch (value) {
                case null -> { }
                case String s -> node.put(name, s);
                case Integer n -> node.put(name, n);
                case Long n -> node.put(name, n);
                case JsonNode n -> node.set(name, n);
                default -> throw new IllegalArgumentException("Unsupported value " + value);
            }
        }
        return node;
    }

    public void join(String room) {
        send(command("join", "room", room));
    }

    /** Joins and awaits this room's {@code joined}. */
    public JsonNode joinAndAwait(String room) {
        join(room);
        return awaitMatching(is("joined", room), TIMEOUT);
    }

    public JsonNode joinAndAwait(String room, long since) {
        send(command("join", "room", room, "since", since));
        return awaitMatching(is("joined", room), TIMEOUT);
    }

    public void chat(String room, String text, String ref) {
        send(command("send", "room", room, "text", text, "ref", ref));
    }

    /** A {@code history} page of the room (null before/limit: the server's defaults), oldest first. */
    public List<JsonNode> history(String room, Long before, Integer limit) {
        send(command("history", "room", room, "before", before, "limit", limit));
        return list(awaitMatching(is("history", room), TIMEOUT).get("messages"));
    }

    /** Awaits the error for {@code ref} and checks its code and that it explains itself. */
    public JsonNode awaitError(String ref, String code) {
        JsonNode error = awaitMatching(ChatMessages.error(ref), TIMEOUT);
        assertThat(text(error, "code")).as("error code for ref " + ref + ": " + error).isEqualTo(code);
        assertThat(text(error, "message")).isNotBlank();
        return error;
    }

    /** Sends a chat message and awaits its ack; returns the ack. */
    public JsonNode chatAndAwaitAck(String room, String text, String ref) {
        chat(room, text, ref);
        return awaitMatching(ack(ref), TIMEOUT);
    }

    // ------------------------------------------------------------------ receiving

    /** The first not yet awaited message of this type; it is consumed. */
    public JsonNode awaitType(String type, Duration timeout) {
        return awaitMatching(is(type), timeout);
    }

    /**
     * The first not yet awaited message matching {@code predicate}, waiting up to {@code timeout};
     * it is consumed, other messages stay queued. Fails listing what did arrive.
     */
    public JsonNode awaitMatching(Predicate<JsonNode> predicate, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                for (Iterator<JsonNode> it = pending.iterator(); it.hasNext(); ) {
                    JsonNode node = it.next();
                    if (predicate.test(node)) {
                        it.remove();
                        return node;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("%s: no matching message within %s; closed=%s; pending=%s", label, timeout,
                            closed.getNow(null), abbreviate(pending));
                }
                waitNanos(left);
            }
        }
    }

    /** Asserts that no message at all (not yet awaited) arrives within {@code duration}. */
    public void assertNoMessage(Duration duration) {
        assertNoMatching(node -> true, duration);
    }

    /** Asserts that no not-yet-awaited message matching {@code predicate} is present or arrives within {@code duration}. */
    public void assertNoMatching(Predicate<JsonNode> predicate, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        synchronized (lock) {
            while (true) {
                List<JsonNode> matching = pending.stream().filter(predicate).toList();
                if (!matching.isEmpty()) {
                    fail("%s: expected no such message, got %s", label, abbreviate(matching));
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                waitNanos(left);
            }
        }
    }

    /** Everything received so far (awaited or not) that matches, in arrival order. */
    public List<JsonNode> received(Predicate<JsonNode> predicate) {
        synchronized (lock) {
            return all.stream().filter(predicate).toList();
        }
    }

    /** Waits until at least {@code count} received messages match; returns all of them, in arrival order. */
    public List<JsonNode> awaitReceived(Predicate<JsonNode> predicate, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (true) {
                List<JsonNode> matching = all.stream().filter(predicate).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return fail("%s: %d of %d expected messages within %s; closed=%s", label, matching.size(), count,
                            timeout, closed.getNow(null));
                }
                waitNanos(left);
            }
        }
    }

    /** Drops every not yet awaited message. */
    public void clearPending() {
        synchronized (lock) {
            pending.clear();
        }
    }

    private void waitNanos(long nanos) {
        try {
            TimeUnit.NANOSECONDS.timedWait(lock, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void deliver(JsonNode node) {
        synchronized (lock) {
            all.add(node);
            pending.add(node);
            lock.notifyAll();
        }
    }

    private static String abbreviate(List<JsonNode> nodes) {
        String s = nodes.toString();
        return s.length() <= 2000 ? s : s.substring(0, 2000) + "... (" + nodes.size() + " messages)";
    }

    // ------------------------------------------------------------------ closing

    /** The close code the server sent (or -1 on a transport error), waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("%s: not closed within %s", label, timeout);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The close code received so far, or null while open. */
    public Integer closeCode() {
        return closed.getNow(null);
    }

    public String closeReason() {
        return closeReason;
    }

    public Throwable error() {
        return error;
    }

    public boolean isOpen() {
        return !closed.isDone();
    }

    /** Orderly close (1000), bounded; aborts the connection if the server does not answer. */
    @Override
    public void close() {
        WebSocket socket = ws;
        if (socket == null) {
            return;
        }
        try {
            if (!closed.isDone() && !socket.isOutputClosed()) {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                closed.get(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // falls through to abort
        } finally {
            socket.abort();
        }
    }

    /** Drops the TCP connection without a close handshake. */
    public void abort() {
        ws.abort();
    }

    @Override
    public String toString() {
        return "ChatClient[" + label + (hello == null ? "" : ", " + userId()) + "]";
    }

    public static Map<String, String> query(String... pairs) {
        Map<String, String> q = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                q.put(pairs[i], pairs[i + 1]);
            }
        }
        return q;
    }

    // ------------------------------------------------------------------ listener

    private final class Listener implements WebSocket.Listener {

        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                JsonNode node;
                try {
                    node = JSON.readTree(message);
                } catch (RuntimeException e) {
                    node = JSON.createObjectNode().put("type", "__unparseable").put("raw", message);
                }
                deliver(node);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            deliver(JSON.createObjectNode().put("type", "__binary").put("bytes", data.remaining()));
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1); // the JDK answers with a Pong by itself
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeReason = reason;
            closed.complete(statusCode);
            synchronized (lock) {
                lock.notifyAll();
            }
            return null; // the JDK then answers with a Close of its own
        }

        @Override
        public void onError(WebSocket webSocket, Throwable e) {
            error = e;
            closed.complete(-1);
            synchronized (lock) {
                lock.notifyAll();
            }
        }
    }
}
