package io.roomwire.websocket.servlet;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketSession;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * A {@link WebSocketHandler} that records every callback as a readable event ({@code "text:hi"},
 * {@code "close:1000 bye"}) and can be told what to do: send from a callback, throw, or answer
 * {@code onOverflow}. Thread-safe: callbacks may come from the reader, senders or the sweeper.
 */
final class RecordingHandler implements WebSocketHandler {

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<CloseStatus> closes = new CopyOnWriteArrayList<>();
    private final List<Integer> overflows = new CopyOnWriteArrayList<>();
    private volatile Consumer<WebSocketSession> onOpen = s -> { };
    private volatile BiConsumer<WebSocketSession, String> onText = (s, t) -> { };
    private volatile BiConsumer<WebSocketSession, byte[]> onBinary; // null: the interface's default (1003)
    private volatile OverflowAction overflowAction = OverflowAction.CLOSE;
    private volatile RuntimeException overflowFailure;
    private volatile RuntimeException closeFailure;

    /** Echoes text and binary messages, like the gateway's echo endpoint. */
    static RecordingHandler echo() {
        return new RecordingHandler().whenText(WebSocketSession::sendText).whenBinary(WebSocketSession::sendBinary);
    }

    RecordingHandler whenOpen(Consumer<WebSocketSession> action) {
        this.onOpen = action;
        return this;
    }

    RecordingHandler whenText(BiConsumer<WebSocketSession, String> action) {
        this.onText = action;
        return this;
    }

    RecordingHandler whenBinary(BiConsumer<WebSocketSession, byte[]> action) {
        this.onBinary = action;
        return this;
    }

    /** onText throws; the engine must close with 1011 and keep the message to itself. */
    RecordingHandler throwOnText(String message) {
        return whenText((s, t) -> {
            throw new IllegalStateException(message);
        });
    }

    RecordingHandler onOverflowAnswer(OverflowAction action) {
        this.overflowAction = action;
        return this;
    }

    /** onClose records, then throws. */
    RecordingHandler throwOnClose(RuntimeException e) {
        this.closeFailure = e;
        return this;
    }

    RecordingHandler onOverflowThrow(RuntimeException e) {
        this.overflowFailure = e;
        return this;
    }

    @Override
    public void onOpen(WebSocketSession session) {
        events.add("open");
        onOpen.accept(session);
    }

    @Override
    public void onText(WebSocketSession session, String text) {
        events.add("text:" + text);
        onText.accept(session, text);
    }

    @Override
    public void onBinary(WebSocketSession session, byte[] data) {
        events.add("binary:" + HexFormat.of().formatHex(data));
        BiConsumer<WebSocketSession, byte[]> action = onBinary;
        if (action == null) {
            WebSocketHandler.super.onBinary(session, data);
        } else {
            action.accept(session, data);
        }
    }

    @Override
    public void onPong(WebSocketSession session, byte[] payload) {
        events.add("pong:" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void onClose(WebSocketSession session, CloseStatus status) {
        events.add("close:" + status);
        closes.add(status);
        RuntimeException e = closeFailure;
        if (e != null) {
            throw e;
        }
    }

    @Override
    public OverflowAction onOverflow(WebSocketSession session, int messageBytes) {
        events.add("overflow:" + messageBytes);
        overflows.add(messageBytes);
        RuntimeException e = overflowFailure;
        if (e != null) {
            throw e;
        }
        return overflowAction;
    }

    /** Every callback so far, in order. */
    List<String> events() {
        return List.copyOf(events);
    }

    /** The texts received, in order. */
    List<String> texts() {
        return events.stream().filter(e -> e.startsWith("text:")).map(e -> e.substring(5)).toList();
    }

    /** Every status onClose reported; the engine promises exactly one. */
    List<CloseStatus> closes() {
        return List.copyOf(closes);
    }

    /** The message sizes onOverflow was asked about. */
    List<Integer> overflows() {
        return List.copyOf(overflows);
    }

    @Override
    public String toString() {
        return "RecordingHandler" + events;
    }
}
