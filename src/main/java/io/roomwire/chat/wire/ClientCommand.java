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
}
