package io.roomwire.websocket.servlet;

import io.roomwire.websocket.Sessions;
import io.roomwire.websocket.WebSocketSession;
import java.util.Collection;
import java.util.Collections;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one registry of live sessions: {@link WebSocketUpgrader} adds a session with its 101 and the
 * session removes itself when its connection is gone; {@link TimeoutSweeper} sweeps it; everyone
 * else reads it as {@link Sessions}. Also holds whether new handshakes are admitted. Thread-safe.
 */
public final class SessionRegistry implements Sessions {

    private final ConcurrentHashMap<String, EngineSession> sessions = new ConcurrentHashMap<>();
    private final Collection<WebSocketSession> view = Collections.unmodifiableCollection(sessions.values());
    private volatile boolean accepting = true;

    void add(EngineSession session) {
        sessions.put(session.id(), session);
    }

    /** Adds a session; {@code whenRemoved} runs once, when it is removed. */
    void add(EngineSession session, Runnable whenRemoved) {
        session.whenRemoved(whenRemoved); // on the session, not in a second map: one node less per connection
        sessions.put(session.id(), session);
    }

    void remove(EngineSession session) {
        if (sessions.remove(session.id(), session)) {
            Runnable whenRemoved = session.whenRemoved();
            if (whenRemoved != null) {
                whenRemoved.run();
            }
        }
    }

    /** For the sweeper: the sessions themselves, not the application's view of them. */
    Collection<EngineSession> engineSessions() {
        return sessions.values();
    }

    @Override
    public int count() {
        return sessions.size();
    }

    @Override
    public Collection<WebSocketSession> all() {
        return view;
    }

    @Override
    public WebSocketSession find(String id) {
        return sessions.get(id);
    }

    @Override
    public boolean accepting() {
        return accepting;
    }

    /** Stops or resumes admitting new handshakes (503 meanwhile), e.g. while draining for shutdown. */
    public void setAccepting(boolean accepting) {
        this.accepting = accepting;
    }
}
