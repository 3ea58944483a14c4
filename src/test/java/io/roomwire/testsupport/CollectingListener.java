package io.roomwire.testsupport;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link WebSocket.Listener} for the JDK client talking to the echo endpoint: queues the whole
 * messages, with pongs, in arrival order, as they are (no JSON); the close and any error complete
 * futures. Every wait is bounded.
 */
public final class CollectingListener extends WholeMessageListener {

    public sealed interface Event permits Text, Binary, Pong {
    }

    public record Text(String text) implements Event {
    }

    public record Binary(byte[] data) implements Event {
    }

    public record Pong(byte[] data) implements Event {
    }

    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    @Override
    void onWholeText(String message) {
        events.add(new Text(message));
    }

    @Override
    void onWholeBinary(byte[] message) {
        events.add(new Binary(message));
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        events.add(new Pong(payload));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** The next message or pong; fails on a timeout, or at once if the connection closed meanwhile. */
    public Event next(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                Event event = events.poll(50, TimeUnit.MILLISECONDS);
                if (event != null) {
                    return event;
                }
                if (closed.isDone() && events.isEmpty()) {
                    throw new AssertionError("Connection closed while a message was expected: " + describeClose());
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("No message within " + timeout);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    private String describeClose() {
        try {
            return closed.getNow(null).toString();
        } catch (RuntimeException e) {
            return "error " + e.getCause();
        }
    }

    public String nextText(Duration timeout) {
        Event event = next(timeout);
        if (event instanceof Text(String t)) {
            return t;
        }
        throw new AssertionError("Expected a text message, got " + event);
    }

    public byte[] nextBinary(Duration timeout) {
        Event event = next(timeout);
        if (event instanceof Binary(byte[] b)) {
            return b;
        }
        throw new AssertionError("Expected a binary message, got " + event);
    }

    public byte[] nextPong(Duration timeout) {
        Event event = next(timeout);
        if (event instanceof Pong(byte[] p)) {
            return p;
        }
        throw new AssertionError("Expected a pong, got " + event);
    }

    /** The server's Close as seen by onClose; fails on an error or a timeout. */
    public Closed awaitClose(Duration timeout) {
        return await(closed, timeout, "onClose");
    }

    public static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not complete within " + timeout, e);
        } catch (ExecutionException e) {
            throw new AssertionError(what + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }
}
