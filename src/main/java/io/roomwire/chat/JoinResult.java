package io.roomwire.chat;

import java.util.List;

/**
 * What a member learns on joining. Immutable.
 *
 * @param recovered true when {@code since} was given and every message after it is in {@code history}
 */
public record JoinResult(String room, long seq, int count, List<User> members, List<ChatMessage> history,
        boolean recovered) {
}
