package io.roomwire.chat;

import java.util.ArrayList;
import java.util.List;

/**
 * A room's recent chat messages in a ring buffer indexed by seq. Because seqs are consecutive, the
 * message with seq {@code s} sits at {@code s % ring.length} while it is still held. The ring starts
 * small and doubles up to {@code capacity} before it first overwrites anything, so the many quiet
 * rooms of a busy node do not each hold a full-size array. Guarded by the owning room's lock.
 */
final class History {

    private static final int INITIAL = 16;

    private final int capacity;
    private ChatMessage[] ring;
    private long latest;

    History(int capacity) {
        this.capacity = capacity;
        this.ring = new ChatMessage[Math.min(capacity, INITIAL)];
    }

    void append(ChatMessage message) {
        while (message.seq() > ring.length && ring.length < capacity) {
            grow(); // the slot is taken by seq - ring.length, which the full capacity still holds
        }
        ring[(int) (message.seq() % ring.length)] = message;
        latest = message.seq();
    }

    private void grow() {
        ChatMessage[] bigger = new ChatMessage[(int) Math.min(capacity, 2L * ring.length)];
        for (ChatMessage held : ring) {
            if (held != null) {
                bigger[(int) (held.seq() % bigger.length)] = held;
            }
        }
        ring = bigger;
    }

    /** Replaces message {@code seq} by its tombstone; false when it is not held (or already deleted). */
    boolean delete(long seq) {
        if (seq < oldest() || seq > latest) {
            return false;
        }
        int at = (int) (seq % ring.length);
        ChatMessage message = ring[at];
        if (message == null || message.seq() != seq || message.deleted()) {
            return false;
        }
        ring[at] = message.tombstone();
        return true;
    }

    /** The oldest seq still held, or latest + 1 when empty. */
    long oldest() {
        return Math.max(1, latest - ring.length + 1);
    }

    long latest() {
        return latest;
    }

    /** Up to {@code limit} messages with seq < {@code before}, oldest first. */
    List<ChatMessage> before(long before, int limit) {
        long to = Math.min(before - 1, latest);
        long from = Math.max(oldest(), to - limit + 1);
        return range(from, to);
    }

    /**
     * Every message with seq > {@code since}, oldest first, or null when that cannot be answered
     * truthfully: some are no longer held, or {@code since} lies beyond the latest seq (the client
     * saw messages this room no longer has, e.g. the room was forgotten and started again).
     */
    List<ChatMessage> since(long since) {
        if (since == latest) {
            return List.of();
        }
        if (since > latest) {
            return null;
        }
        if (since + 1 < oldest()) {
            return null;
        }
        return range(since + 1, latest);
    }

    List<ChatMessage> latest(int limit) {
        return before(latest + 1, limit);
    }

    int size() {
        return (int) Math.min(latest, ring.length);
    }

    private List<ChatMessage> range(long from, long to) {
        List<ChatMessage> out = new ArrayList<>((int) Math.max(0, to - from + 1));
        for (long s = from; s <= to; s++) {
            out.add(ring[(int) (s % ring.length)]);
        }
        return out;
    }
}
