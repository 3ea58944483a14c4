package io.roomwire.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RoomRelay} that records every published event in publication order (and still hands it
 * to a listener, like the local relay). Thread-safe: rooms publish concurrently, each under its lock.
 */
final class RecordingRelay implements RoomRelay {

    private final List<RoomEvent> events = new ArrayList<>();
    private volatile Listener listener = event -> { };

    @Override
    public void publish(RoomEvent event) {
        synchronized (events) {
            events.add(event);
        }
        listener.onEvent(event);
    }

    @Override
    public void setListener(Listener listener) {
        this.listener = listener;
    }

    /** A snapshot of everything published so far, in order. */
    List<RoomEvent> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    List<RoomEvent.Presence> presence(String room) {
        return events().stream()
                .filter(e -> e instanceof RoomEvent.Presence p && p.room().equals(room))
                .map(RoomEvent.Presence.class::cast)
                .toList();
    }

    List<ChatMessage> posted(String room) {
        return events().stream()
                .filter(e -> e instanceof RoomEvent.Posted p && p.room().equals(room))
                .map(e -> ((RoomEvent.Posted) e).message())
                .toList();
    }

    List<RoomEvent.Typing> typing(String room) {
        return events().stream()
                .filter(e -> e instanceof RoomEvent.Typing t && t.room().equals(room))
                .map(RoomEvent.Typing.class::cast)
                .toList();
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /** Keeps {@code events()} readable in assertion messages. */
    @Override
    public String toString() {
        return new ArrayList<>(events()).toString();
    }
}
