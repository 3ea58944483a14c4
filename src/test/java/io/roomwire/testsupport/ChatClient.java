package io.roomwire.testsupport;

import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.list;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A real chat client over the JDK's {@link WebSocket}: offers {@code roomwire.v1}, sends commands
 * and awaits the server's JSON messages in its {@link ChatInbox}, either consuming them
 * ({@link #awaitMatching}) or over the full record ({@link #awaitReceived}). {@link #holdingClose}
 * makes one that does not answer the server's Close until it is itself closed (a client that keeps
 * a drain waiting). Every wait is bounded. Thread-safe.
 */
public final class ChatClient implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    public static final String SUBPROTOCOL = "roomwire.v1";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String label;
    private final ChatInbox inbox;
    private volatile WebSocket ws;
    private JsonNode hello;

    private ChatClient(String label, boolean holdClose) {
        this.label = label;
        this.inbox = new ChatInbox(label, holdClose);
    }

    // ------------------------------------------------------------------ connecting

    /** Connects to {@code /ws} with the given query parameters (values URL-encoded) and awaits {@code hello}. */
    public static ChatClient connect(int port, Map<String, String> query) {
        return awaitHello(open(port, query, false));
    }

    /** Connects to {@code /ws?name=...} and awaits {@code hello}. */
    public static ChatClient connect(int port, String name) {
        return connect(port, query("name", name));
    }

    /** Like {@link #connect(int, String)}, but answers the server's Close only when {@link #close()}d. */
    public static ChatClient holdingClose(int port, String name) {
        return awaitHello(open(port, query("name", name), true));
    }

    /** Connects without awaiting anything; throws the handshake's failure (unwrapped) if there is one. */
    public static ChatClient open(int port, Map<String, String> query) {
        return open(port, query, false);
    }

    /** Token mode: sends {@code auth} with the token and awaits {@code hello} (docs/protocol.md "Signed identities"). */
    public ChatClient authenticate(String token) {
        send(command("auth", "token", token));
        hello = awaitType("hello", TIMEOUT);
        return this;
    }

    private static ChatClient awaitHello(ChatClient client) {
        client.hello = client.awaitType("hello", TIMEOUT);
        return client;
    }

    private static ChatClient open(int port, Map<String, String> query, boolean holdClose) {
        ChatClient client = new ChatClient(String.valueOf(query.getOrDefault("name", "anonymous")), holdClose);
        try {
            client.ws = HTTP.newWebSocketBuilder()
                    .subprotocols(SUBPROTOCOL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .buildAsync(uri(port, query), client.inbox)
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
        return inbox.awaitMatching(predicate, timeout);
    }

    /** Asserts that no message at all (not yet awaited) arrives within {@code duration}. */
    public void assertNoMessage(Duration duration) {
        assertNoMatching(node -> true, duration);
    }

    /** Asserts that no not-yet-awaited message matching {@code predicate} is present or arrives within {@code duration}. */
    public void assertNoMatching(Predicate<JsonNode> predicate, Duration duration) {
        inbox.assertNoMatching(predicate, duration);
    }

    /** Everything received so far (awaited or not) that matches, in arrival order. */
    public List<JsonNode> received(Predicate<JsonNode> predicate) {
        return inbox.received(predicate);
    }

    /** Waits until at least {@code count} received messages match; returns all of them, in arrival order. */
    public List<JsonNode> awaitReceived(Predicate<JsonNode> predicate, int count, Duration timeout) {
        return inbox.awaitReceived(predicate, count, timeout);
    }

    /** Drops every not yet awaited message. */
    public void clearPending() {
        inbox.clearPending();
    }

    // ------------------------------------------------------------------ closing

    /** The close code the server sent (or -1 on a transport error), waiting up to {@code timeout}. */
    public int awaitClose(Duration timeout) {
        return inbox.awaitClose(timeout);
    }

    /** The close code received so far, or null while open. */
    public Integer closeCode() {
        return inbox.closed().getNow(null);
    }

    public String closeReason() {
        return inbox.closeReason();
    }

    public Throwable error() {
        return inbox.error();
    }

    public boolean isOpen() {
        return !inbox.closed().isDone();
    }

    /**
     * Orderly close (1000), bounded; aborts the connection if the server does not answer. Also
     * releases a held Close reply.
     */
    @Override
    public void close() {
        inbox.releaseCloseReply();
        CompletableFuture<Integer> closed = inbox.closed();
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
}
