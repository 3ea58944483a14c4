package io.roomwire.chat.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.User;
import java.util.List;
import java.util.Map;

/** The server-to-client JSON objects of docs/protocol.md, one record each; null fields are omitted. */
final class Envelopes {

    private Envelopes() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserView(String id, String name, String avatar) {
        static UserView of(User user) {
            return user == null ? null : new UserView(user.id(), user.name(), user.avatar());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "room", "seq", "kind", "text", "meta", "from", "ts", "deleted"})
    record Message(String type, String room, Long seq, String kind, String text, Map<String, Object> meta,
            UserView from, long ts, Boolean deleted) {
        static Message of(ChatMessage m) {
            return new Message("message", m.room(), m.seq() > 0 ? m.seq() : null, m.kind().wireName(), m.text(),
                    m.meta(), UserView.of(m.from()), m.ts(), m.deleted() ? Boolean.TRUE : null);
        }
    }

    record Deleted(String type, String room, long seq) {
    }

    /** {@code expires} only in token mode. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "session", "user", "heartbeat", "expires"})
    record Hello(String type, String session, UserView user, long heartbeat, Long expires) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "expires", "ref"})
    record Refreshed(String type, long expires, String ref) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "action", "room", "user", "seq", "ref"})
    record Moderated(String type, String action, String room, String user, Long seq, String ref) {
    }

    /** {@code epoch} only in the cluster mode. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "room", "seq", "count", "members", "history", "recovered", "epoch"})
    record Joined(String type, String room, long seq, int count, List<UserView> members, List<Message> history,
            boolean recovered, Long epoch) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Left(String type, String room, String reason) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"type", "room", "event", "user", "count"})
    record Presence(String type, String room, String event, UserView user, int count) {
    }

    record Typing(String type, String room, UserView user) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ack(String type, String ref, String room, Long seq) {
    }

    record History(String type, String room, List<Message> messages) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Notice(String type, String text, String room) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Error(String type, String code, String message, String ref) {
    }
}
