package io.roomwire.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import tools.jackson.databind.JsonNode;

/**
 * Reading server messages of docs/protocol.md: predicates to await them by, and small
 * extractors (string fields, seqs, user ids).
 */
public final class ChatMessages {

    private ChatMessages() {
    }

    public static Predicate<JsonNode> is(String type) {
        return node -> type.equals(text(node, "type"));
    }

    public static Predicate<JsonNode> is(String type, String room) {
        return node -> type.equals(text(node, "type")) && room.equals(text(node, "room"));
    }

    public static Predicate<JsonNode> ack(String ref) {
        return node -> "ack".equals(text(node, "type")) && ref.equals(text(node, "ref"));
    }

    public static Predicate<JsonNode> error(String ref) {
        return node -> "error".equals(text(node, "type")) && ref.equals(text(node, "ref"));
    }

    /** Chat or danmaku messages of a room. */
    public static Predicate<JsonNode> messageIn(String room) {
        return is("message", room);
    }

    public static Predicate<JsonNode> chatIn(String room) {
        return node -> is("message", room).test(node) && "chat".equals(text(node, "kind"));
    }

    public static Predicate<JsonNode> presence(String room, String event, String userId) {
        return node -> is("presence", room).test(node) && event.equals(text(node, "event"))
                && (userId == null || (node.has("user") && userId.equals(text(node.get("user"), "id"))));
    }

    /** A string field, or null when absent or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isString() ? null : v.stringValue();
    }

    public static List<JsonNode> list(JsonNode array) {
        return new ArrayList<>(array.values());
    }

    public static List<Long> seqs(List<JsonNode> messages) {
        return messages.stream().map(m -> m.get("seq").longValue()).toList();
    }

    public static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    /** The ids of a list of users (e.g. {@code joined.members}). */
    public static List<String> ids(JsonNode users) {
        return users.values().stream().map(u -> text(u, "id")).toList();
    }
}
