package io.roomwire.chat.wire;

import io.roomwire.chat.MessageKind;
import java.util.Map;

/** A decoded, shape-checked client frame of docs/protocol.md. Immutable. */
public sealed interface ClientCommand {

    /** The client's correlation id, or null. */
    String ref();

    String room();

    /** {@code epoch}: cluster mode, the epoch of the {@code joined} that {@code since} comes from. */
    record Join(String room, Long since, Long epoch, String ref) implements ClientCommand {

        public Join(String room, Long since, String ref) {
            this(room, since, null, ref);
        }
    }

    record Leave(String room, String ref) implements ClientCommand {
    }

    record Send(String room, String text, MessageKind kind, Map<String, Object> meta, String ref)
            implements ClientCommand {
    }

    record History(String room, Long before, Integer limit, String ref) implements ClientCommand {
    }

    record Typing(String room, String ref) implements ClientCommand {
    }

    /** Token mode: the signed token, as the first message instead of the {@code token} parameter. */
    record Auth(String token, String ref) implements ClientCommand {
        @Override
        public String room() {
            return null;
        }
    }

    /** Token mode: a fresh token before the current one expires. */
    record Refresh(String token, String ref) implements ClientCommand {
        @Override
        public String room() {
            return null;
        }
    }

    /** A moderator mutes a user of the room for {@code seconds}. */
    record Mute(String room, String user, long seconds, String ref) implements ClientCommand {
    }

    record Unmute(String room, String user, String ref) implements ClientCommand {
    }

    /** A moderator deletes a chat message: history keeps a tombstone. */
    record Delete(String room, long seq, String ref) implements ClientCommand {
    }

    /** A moderator removes every connection of a user from the room. */
    record Kick(String room, String user, String ref) implements ClientCommand {
    }
}
