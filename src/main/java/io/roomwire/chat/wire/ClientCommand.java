package io.roomwire.chat.wire;

import io.roomwire.chat.MessageKind;
import java.util.Map;

/** A decoded, shape-checked client frame of shared/PROTOCOL.md. Immutable. */
public sealed interface ClientCommand {

    /** The client's correlation id, or null. */
    String ref();

    String room();

    record Join(String room, Long since, String ref) implements ClientCommand {
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
