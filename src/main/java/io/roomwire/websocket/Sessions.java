package io.roomwire.websocket;

import java.util.Collection;

/**
 * The engine's live sessions, read-only: what operators, metrics and the application read to list,
 * count or reach connections. The engine alone adds and removes sessions (one registry for the
 * upgrader, the timeout sweeper and everyone above). Every view is weakly consistent: it may or may
 * not show a session that opens or finishes while it is read.
 */
public interface Sessions {

    /** Sessions open or closing: added once the connection is upgraded, removed when it is gone. */
    int count();

    /** Every live session; an unmodifiable live view, safe to iterate while sessions come and go. */
    Collection<WebSocketSession> all();

    /**
     * Sessions by state in one pass: open, or closing (a Close sent or received and the handshake
     * not yet finished). Costs a walk over every session: for operators, not for a hot path.
     */
    default Counts counts() {
        int open = 0;
        int closing = 0;
        for (WebSocketSession session : all()) {
            if (session.isOpen()) {
                open++;
            } else {
                closing++;
            }
        }
        return new Counts(open, closing);
    }

    /** What {@link #counts()} found. */
    record Counts(int open, int closing) {
        public int total() {
            return open + closing;
        }
    }

    /** The session with this {@link WebSocketSession#id()}, or null when there is none (any more). */
    WebSocketSession find(String id);

    /** False while the engine refuses new handshakes with 503, e.g. while draining for shutdown. */
    boolean accepting();
}
