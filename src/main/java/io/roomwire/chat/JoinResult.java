package io.roomwire.chat;

import java.util.List;

/**
 * What a member learns on joining. Immutable.
 *
 * @param recovered true when {@code since} was given and every message after it is in {@code history}
 * @param epoch     cluster mode: the room's epoch, new whenever the shared store lost the room's
 *                  state (a {@code since} from another epoch cannot be recovered); null on one node
 */
public record JoinResult(String room, long seq, int count, List<User> members, List<ChatMessage> history,
        boolean recovered, Long epoch) {

    public JoinResult(String room, long seq, int count, List<User> members, List<ChatMessage> history,
            boolean recovered) {
        this(room, seq, count, members, history, recovered, null);
    }
}
