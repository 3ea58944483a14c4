package io.roomwire.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.MessageKind;
import io.roomwire.chat.PresenceEvent;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.RoomStore;
import io.roomwire.chat.User;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bodies of what nodes publish to a room's channel and store in its stream: compact JSON that
 * every node decodes into a domain event and encodes for its own clients once. A published payload
 * is {@code <seq>:<epoch>:<body>}, seq and epoch 0 for what is not numbered (presence, typing,
 * notices, danmaku). The Lua scripts write presence bodies themselves, in the same shape. Thread-safe.
 */
final class EventCodec {

    /** One body; unused fields are absent. {@code t} names the kind. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Body(String t, String k, String x, Map<String, Object> m, UserJson u, Long ts, String e, Integer c,
            Long s, String id, String r, String o) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UserJson(String id, String name, String avatar) {

        static UserJson of(User user) {
            return user == null ? null : new UserJson(user.id(), user.name(), user.avatar());
        }

        User user() {
            return new User(id, name, avatar);
        }
    }

    /** A payload split into its parts. */
    record Payload(long seq, String epoch, String body) {

        static Payload parse(String payload) {
            int a = payload.indexOf(':');
            int b = payload.indexOf(':', a + 1);
            return new Payload(Long.parseLong(payload, 0, a, 10), payload.substring(a + 1, b), payload.substring(b + 1));
        }
    }

    private final JsonMapper json = JsonMapper.builder().build();

    String user(User user) {
        return json.writeValueAsString(UserJson.of(user));
    }

    String post(RoomStore.Draft draft, User from) {
        return write(new Body("post", draft.kind().wireName(), draft.text(), draft.meta(), UserJson.of(from), draft.ts(),
                null, null, null, null, null, null));
    }

    String typing(RoomEvent.Typing typing) {
        return write(new Body("typing", null, typing.except(), null, UserJson.of(typing.user()), null, null, null, null,
                null, null, null));
    }

    String notice(String text) {
        return write(new Body("notice", null, text, null, null, null, null, null, null, null, null, null));
    }

    String deleted(long seq) {
        return write(new Body("deleted", null, null, null, null, null, null, null, seq, null, null, null));
    }

    /** Operators removed {@code userId} (null: everyone) from the room; {@code origin} already did it. */
    String removed(String userId, String reason, String origin) {
        return write(new Body("remove", null, null, null, null, null, null, null, null, userId, reason, origin));
    }

    Body read(String body) {
        return json.readValue(body, Body.class);
    }

    /** A stored or published chat message or danmaku. */
    ChatMessage message(String room, long seq, Body body) {
        return new ChatMessage(room, seq, MessageKind.fromWire(body.k()), body.x(), body.m(), body.u().user(), body.ts());
    }

    /** The domain event of a non-removal body, or null for an unknown kind (a newer node's). */
    RoomEvent event(String room, long seq, Body body) {
        return switch (body.t()) {
            case "post" -> new RoomEvent.Posted(message(room, seq, body));
            case "presence" -> new RoomEvent.Presence(room, PresenceEvent.fromWire(body.e()),
                    body.u() == null ? null : body.u().user(), body.c(), body.x());
            case "typing" -> new RoomEvent.Typing(room, body.u().user(), body.x());
            case "notice" -> new RoomEvent.Notice(room, body.x());
            case "deleted" -> new RoomEvent.Deleted(room, body.s());
            default -> null;
        };
    }

    private String write(Body body) {
        return json.writeValueAsString(body);
    }
}
