package io.roomwire.chat;

import io.roomwire.chat.User;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A user across connections: the resume token of {@code hello.session}, the recent {@code ref}s it
 * sent (so a resend after a reconnect is acknowledged, not broadcast twice), and how many
 * connections it has open. The refs are guarded by this object's monitor, which a sender holds
 * while its post waits for a room; the connection count has a lock of its own, because a session
 * can end (and be counted out) on a thread that holds a room's lock: a broadcast that overflows or
 * fails to write closes that member there. Sharing one monitor deadlocked the room.
 */
public final class Identity {

    /** Where a {@code ref} went: the room and the seq it got (0 for danmaku). */
    public record Sent(String room, long seq) {
    }

    private final String token;
    private volatile User user;
    private final int maxRefs;
    private Map<String, Sent> refs; // guarded by this; made at the first remembered ref, so idle users hold none
    private final Object connectionsLock = new Object();
    private int connections; // guarded by connectionsLock
    private long idleSince; // guarded by connectionsLock

    Identity(String token, User user, int maxRefs) {
        this.token = token;
        this.user = user;
        this.maxRefs = maxRefs;
    }

    public String token() {
        return token;
    }

    public User user() {
        return user;
    }

    void rename(User renamed) {
        this.user = renamed;
    }

    /** Must hold the monitor. */
    public Sent sent(String ref) {
        return refs == null ? null : refs.get(ref);
    }

    /** Must hold the monitor. */
    public void remember(String ref, Sent sent) {
        if (refs == null) {
            int limit = maxRefs;
            refs = new LinkedHashMap<>(16, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Sent> eldest) {
                    return size() > limit;
                }
            };
        }
        refs.put(ref, sent);
    }

    void connected() {
        synchronized (connectionsLock) {
            connections++;
        }
    }

    void disconnected(long now) {
        synchronized (connectionsLock) {
            if (--connections == 0) {
                idleSince = now;
            }
        }
    }

    boolean isConnected() {
        synchronized (connectionsLock) {
            return connections > 0;
        }
    }

    boolean expired(long now, long windowNanos) {
        synchronized (connectionsLock) {
            return connections == 0 && now - idleSince >= windowNanos;
        }
    }
}
