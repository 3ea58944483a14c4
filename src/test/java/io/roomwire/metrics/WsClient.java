package io.roomwire.metrics;

import static org.assertj.core.api.Assertions.fail;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A chat client over the JDK's {@link WebSocket} offering {@code roomwire.v1}: keeps every JSON
 * message it receives and waits for them with a bound. {@link #holdingClose} makes one that does not
 * answer the server's Close until it is itself closed (a client that keeps a drain waiting).
 * Thread-safe.
 */
final class WsClient implements AutoCloseable {

    static final String SUBPROTOCOL = "roomwire.v1";
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    private final String name;
    private final boolean holdClose;
    private final List<JsonNode> received = new ArrayList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final CompletableFuture<Void> closeReply = new CompletableFuture<>();
    private WebSocket ws;

    private WsClient(String name, boolean holdClose) {
        this.name = name;
        this.holdClose = holdClose;
    }

    /** Connects to {@code /ws?name=...} and awaits {@code hello}. */
    static WsClient connect(int port, String name) {
        return connect(port, name, false);
    }

    /** Like {@link #connect(int, String)}, but answers the server's Close only when {@link #close()}d. */
    static WsClient holdingClose(int port, String name) {
        return connect(port, name, true);
    }

    private static WsClient connect(int port, String name, boolean holdClose) {
        WsClient client = new WsClient(name, holdClose);
        try {
            client.ws = HTTP.newWebSocketBuilder().subprotocols(SUBPROTOCOL).connectTimeout(TIMEOUT)
                    .buildAsync(uri(port, name), client.new Listener()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError(name + ": connect failed", e);
        }
        client.await(node -> "hello".equals(text(node, "type")));
        return client;
    }

    static URI uri(int port, String name) {
        return URI.create("ws://127.0.0.1:" + port + "/ws?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    }

    void send(String json) {
        try {
            synchronized (this) { // the JDK allows one outstanding send at a time
                ws.sendText(json, true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError(name + ": send failed", e);
        }
    }

    /** Joins and awaits {@code joined}. */
    void join(String room) {
        send("{\"type\":\"join\",\"room\":\"" + room + "\"}");
        await(node -> "joined".equals(text(node, "type")) && room.equals(text(node, "room")));
    }

    /** Sends a chat message and awaits its {@code ack}. */
    void chat(String room, String text, String ref) {
        send("{\"type\":\"send\",\"room\":\"" + room + "\",\"text\":\"" + text + "\",\"ref\":\"" + ref + "\"}");
        await(node -> "ack".equals(text(node, "type")) && ref.equals(text(node, "ref")));
    }

    /** The first received message matching, waiting up to {@link #TIMEOUT}. */
    JsonNode await(Predicate<JsonNode> predicate) {
        return awaitCount(predicate, 1).getFirst();
    }

    /** At least {@code count} received messages matching, waiting up to {@link #TIMEOUT}. */
    List<JsonNode> awaitCount(Predicate<JsonNode> predicate, int count) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        synchronized (received) {
            while (true) {
                List<JsonNode> matching = received.stream().filter(predicate).toList();
                if (matching.size() >= count) {
                    return matching;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closed.isDone()) {
                    return fail("%s: %d of %d expected messages within %s (closed: %s); received %s", name,
                            matching.size(), count, TIMEOUT, closed.getNow(null), received);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    /** The close code the server sent, waiting up to {@code timeout}. */
    int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | InterruptedException | TimeoutException e) {
            throw new AssertionError(name + ": not closed within " + timeout, e);
        }
    }

    /** A string field, or null when absent or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? null : v.stringValue();
    }

    /** Orderly close (1000) within a bound, then abort; also releases a held Close reply. */
    @Override
    public void close() {
        closeReply.complete(null);
        try {
            if (!closed.isDone() && !ws.isOutputClosed()) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
                closed.get(2, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // aborted below
        } finally {
            ws.abort();
        }
    }

    @Override
    public String toString() {
        return "WsClient[" + name + "]";
    }

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
                JsonNode node = Actuator.JSON.readTree(partial.toString());
                partial.setLength(0);
                synchronized (received) {
                    received.add(node);
                    received.notifyAll();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            synchronized (received) {
                received.notifyAll();
            }
            // The JDK sends its Close reply once the returned stage completes.
            return holdClose ? closeReply : null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
            synchronized (received) {
                received.notifyAll();
            }
        }
    }
}
