package io.roomwire.chat;

import java.util.List;

/**
 * What a signed token grants a connection (docs/protocol.md, "Signed identities"): who the user is,
 * the private rooms it may enter, whether it moderates every room, and until when. Guests have none.
 * Immutable.
 *
 * @param rooms           room patterns: a name, a prefix ending in {@code *}, or {@code *} for every room
 * @param moderator       the {@code moderator} role: may mute, unmute, delete and kick in every room it is in
 * @param expiresAtMillis epoch ms after which the token is spent (the connection must {@code refresh} it)
 */
public record Grant(User user, List<String> rooms, boolean moderator, long expiresAtMillis) {

    public Grant {
        rooms = List.copyOf(rooms);
    }

    /** Whether {@code room} matches one of the granted patterns. */
    public boolean allows(String room) {
        for (String pattern : rooms) {
            if (pattern.endsWith("*") ? room.startsWith(pattern.substring(0, pattern.length() - 1)) : room.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
