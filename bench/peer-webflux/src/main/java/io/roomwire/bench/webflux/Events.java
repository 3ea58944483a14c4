package io.roomwire.bench.webflux;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Server-to-client frames. Field order is fixed so that {@code type} comes first and {@code seq} precedes
 * any user-supplied text (the load generator scans frames without a full JSON parse).
 */
final class Events {

    private Events() {
    }

    @JsonPropertyOrder({"id", "name"})
    record User(String id, String name) {
    }

    @JsonPropertyOrder({"type", "session", "user", "heartbeat"})
    record Hello(String type, String session, User user, int heartbeat) {
        Hello(String session, User user, int heartbeat) {
            this("hello", session, user, heartbeat);
        }
    }

    @JsonPropertyOrder({"type", "room", "seq", "count", "members", "history", "recovered"})
    record Joined(String type, String room, long seq, int count, List<User> members, List<Object> history,
                  boolean recovered) {
        Joined(String room, long seq, int count, List<User> members) {
            this("joined", room, seq, count, members, List.of(), false);
        }
    }

    @JsonPropertyOrder({"type", "room"})
    record Left(String type, String room) {
        Left(String room) {
            this("left", room);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "room", "seq", "kind", "text", "meta", "from", "ts"})
    record Message(String type, String room, Long seq, String kind, String text, Map<String, Object> meta,
                   User from, long ts) {
        Message(String room, Long seq, String kind, String text, Map<String, Object> meta, User from, long ts) {
            this("message", room, seq, kind, text, meta, from, ts);
        }
    }

    @JsonPropertyOrder({"type", "room", "event", "user", "count"})
    record Presence(String type, String room, String event, User user, int count) {
        Presence(String room, String event, User user, int count) {
            this("presence", room, event, user, count);
        }
    }

    @JsonPropertyOrder({"type", "room", "user"})
    record Typing(String type, String room, User user) {
        Typing(String room, User user) {
            this("typing", room, user);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "ref", "room", "seq"})
    record Ack(String type, String ref, String room, Long seq) {
        Ack(String ref, String room, Long seq) {
            this("ack", ref, room, seq);
        }
    }

    @JsonPropertyOrder({"type", "room", "messages"})
    record History(String type, String room, List<Object> messages) {
        History(String room) {
            this("history", room, List.of());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "code", "message", "ref"})
    record Error(String type, String code, String message, String ref) {
        Error(String code, String message, String ref) {
            this("error", code, message, ref);
        }
    }
}
