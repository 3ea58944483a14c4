package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.fail;

import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * What a {@link ChatClient} receives: the JDK listener that parses each whole message as JSON and
 * keeps it twice, in the full record of everything received (for
 * order checks) and in a queue of not yet awaited messages; and the close. Every wait is bounded.
 * Thread-safe.
 */
final class ChatInbox extends WholeMessageListener {

    private final String label;
    private final Object lock = new Object();
    private final List<JsonNode> all = new ArrayList<>();
    private final LinkedList<JsonNode> pending = new LinkedList<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    /** Completed when the client may answer the server's Close; see {@link ChatClient#holdingClose}. */
    private final CompletableFuture<Void> closeReply;
    private volatile String closeReason;
    private volatile Throwable error;

    ChatInbox(String label, boolean holdClose) {
        this.label = label;
        this.closeReply = holdClose ? new CompletableFuture<>() : CompletableFuture.completedFuture(null);
    }

    // ------------------------------------------------------------------ awaiting messages

    JsonNode awaitMatching(Predicate<JsonNode> predicate, Duration timeout) {
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

    void assertNoMatching(Predicate<JsonNode> predicate, Duration duration) {
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

    List<JsonNode> received(Predicate<JsonNode> predicate) {
        synchronized (lock) {
            return all.stream().filter(predicate).toList();
        }
    }

    List<JsonNode> awaitReceived(Predicate<JsonNode> predicate, int count, Duration timeout) {
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

    void clearPending() {
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

    // ------------------------------------------------------------------ the close

    int awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return fail("%s: not closed within %s", label, timeout);
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    CompletableFuture<Integer> closed() {
        return closed;
    }

    String closeReason() {
        return closeReason;
    }

    Throwable error() {
        return error;
    }

    /** Lets the JDK answer a Close that {@link #onClose} held back. */
    void releaseCloseReply() {
        closeReply.complete(null);
    }

    private void wakeAll() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    // ------------------------------------------------------------------ listener

    @Override
    void onWholeText(String message) {
        JsonNode node;
        try {
            node = ChatClient.JSON.readTree(message);
        } catch (RuntimeException e) {
            node = ChatClient.JSON.createObjectNode().put("type", "__unparseable").put("raw", message);
        }
        deliver(node);
    }

    @Override
    void onWholeBinary(byte[] message) {
        deliver(ChatClient.JSON.createObjectNode().put("type", "__binary").put("bytes", message.length));
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closed.complete(statusCode);
        wakeAll();
        // The JDK sends its Close reply once the returned stage completes.
        return closeReply;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable e) {
        error = e;
        closed.complete(-1);
        wakeAll();
    }
}
