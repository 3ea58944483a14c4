package io.roomwire.chat.wire;

import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.ErrorCode;
import io.roomwire.chat.JoinResult;
import io.roomwire.chat.MessageKind;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.User;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * JSON in and out for docs/protocol.md. Decoding checks every field's type and says precisely
 * what is wrong; unknown fields are ignored. Encoding writes one string per event, so a broadcast
 * is serialised once. Thread-safe.
 */
public final class WireCodec {

    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{6}");
    private static final int MAX_REF = 64;
    /** A signed token: a JWT with a few claims is well under this. */
    private static final int MAX_TOKEN = 8192;
    private static final int MAX_USER_ID = 256;
    private static final int MAX_META_ENTRIES = 8;
    private static final int MAX_META_STRING = 64;

    private final ObjectMapper mapper = JsonMapper.builder().build();

    // ------------------------------------------------------------------ decoding

    public ClientCommand decode(String json) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JacksonException e) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Message is not valid JSON", null);
        }
        if (root == null || !root.isObject()) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Message must be a JSON object", null);
        }
        String ref = optionalRef(root);
        JsonNode typeNode = root.get("type");
        if (typeNode == null || !typeNode.isString()) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Missing string field 'type'", ref);
        }
        String type = typeNode.stringValue();
        return switch (type) {
            case "join" -> new ClientCommand.Join(room(root, ref), optionalLong(root, "since", 0, ref),
                    optionalLong(root, "epoch", 0, ref), ref);
            case "leave" -> new ClientCommand.Leave(room(root, ref), ref);
            case "send" -> decodeSend(root, ref);
            case "history" -> new ClientCommand.History(room(root, ref), optionalLong(root, "before", 1, ref),
                    optionalInt(root, "limit", ref), ref);
            case "typing" -> new ClientCommand.Typing(room(root, ref), ref);
            case "auth" -> new ClientCommand.Auth(string(root, "token", MAX_TOKEN, ref), ref);
            case "refresh" -> new ClientCommand.Refresh(string(root, "token", MAX_TOKEN, ref), ref);
            case "mute" -> new ClientCommand.Mute(room(root, ref), string(root, "user", MAX_USER_ID, ref),
                    required(optionalLong(root, "seconds", 1, ref), "seconds", ref), ref);
            case "unmute" -> new ClientCommand.Unmute(room(root, ref), string(root, "user", MAX_USER_ID, ref), ref);
            case "delete" -> new ClientCommand.Delete(room(root, ref), required(optionalLong(root, "seq", 1, ref), "seq", ref), ref);
            case "kick" -> new ClientCommand.Kick(room(root, ref), string(root, "user", MAX_USER_ID, ref), ref);
            default -> throw new WireException(ErrorCode.UNKNOWN_TYPE, "Unknown type '" + abbreviate(type) + "'", ref);
        };
    }

    private ClientCommand.Send decodeSend(JsonNode root, String ref) {
        String room = room(root, ref);
        JsonNode text = root.get("text");
        if (text == null || !text.isString()) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Missing string field 'text'", ref);
        }
        MessageKind kind = MessageKind.CHAT;
        JsonNode kindNode = root.get("kind");
        if (kindNode != null && !kindNode.isNull()) {
            String k = kindNode.isString() ? kindNode.stringValue() : "";
            kind = switch (k) {
                case "chat" -> MessageKind.CHAT;
                case "danmaku" -> MessageKind.DANMAKU;
                default -> throw new WireException(ErrorCode.BAD_REQUEST, "kind must be 'chat' or 'danmaku'", ref);
            };
        }
        Map<String, Object> meta = meta(root.get("meta"), kind, ref);
        return new ClientCommand.Send(room, text.stringValue(), kind, meta, ref);
    }

    private static Map<String, Object> meta(JsonNode node, MessageKind kind, String ref) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new WireException(ErrorCode.BAD_REQUEST, "meta must be an object", ref);
        }
        if (node.size() > MAX_META_ENTRIES) {
            throw new WireException(ErrorCode.BAD_REQUEST, "meta has more than " + MAX_META_ENTRIES + " fields", ref);
        }
        Map<String, Object> meta = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (e.getKey().length() > MAX_META_STRING) {
                throw new WireException(ErrorCode.BAD_REQUEST, "meta field names are at most " + MAX_META_STRING + " characters", ref);
            }
            if (v.isString() && v.stringValue().length() <= MAX_META_STRING) {
                meta.put(e.getKey(), v.stringValue());
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                meta.put(e.getKey(), v.longValue());
            } else if (v.isNumber()) {
                meta.put(e.getKey(), v.doubleValue());
            } else if (v.isBoolean()) {
                meta.put(e.getKey(), v.booleanValue());
            } else {
                throw new WireException(ErrorCode.BAD_REQUEST,
                        "meta." + abbreviate(e.getKey()) + " must be a short string, a number or a boolean", ref);
            }
        }
        if (kind == MessageKind.DANMAKU) {
            Object color = meta.get("color");
            if (color != null && !(color instanceof String c && COLOR.matcher(c).matches())) {
                throw new WireException(ErrorCode.BAD_REQUEST, "meta.color must be #RRGGBB", ref);
            }
            Object mode = meta.get("mode");
            if (mode != null && !("scroll".equals(mode) || "top".equals(mode) || "bottom".equals(mode))) {
                throw new WireException(ErrorCode.BAD_REQUEST, "meta.mode must be scroll, top or bottom", ref);
            }
        }
        return meta;
    }

    private static String optionalRef(JsonNode root) {
        JsonNode ref = root.get("ref");
        if (ref == null || ref.isNull()) {
            return null;
        }
        if (ref.isString() && !ref.stringValue().isEmpty() && ref.stringValue().length() <= MAX_REF) {
            return ref.stringValue();
        }
        if (ref.isIntegralNumber() && ref.canConvertToLong()) {
            return Long.toString(ref.longValue());
        }
        throw new WireException(ErrorCode.BAD_REQUEST, "ref must be a string of 1-" + MAX_REF + " characters", null);
    }

    private static String room(JsonNode root, String ref) {
        JsonNode room = root.get("room");
        if (room == null || !room.isString()) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Missing string field 'room'", ref);
        }
        return room.stringValue();
    }

    /** A required string field of 1 to {@code max} characters. */
    private static String string(JsonNode root, String field, int max, String ref) {
        JsonNode n = root.get(field);
        if (n == null || !n.isString() || n.stringValue().isEmpty() || n.stringValue().length() > max) {
            throw new WireException(ErrorCode.BAD_REQUEST, field + " must be a string of 1-" + max + " characters", ref);
        }
        return n.stringValue();
    }

    private static long required(Long value, String field, String ref) {
        if (value == null) {
            throw new WireException(ErrorCode.BAD_REQUEST, "Missing integer field '" + field + "'", ref);
        }
        return value;
    }

    private static Long optionalLong(JsonNode root, String field, long min, String ref) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isIntegralNumber() || !n.canConvertToLong() || n.longValue() < min) {
            throw new WireException(ErrorCode.BAD_REQUEST, field + " must be an integer >= " + min, ref);
        }
        return n.longValue();
    }

    private static Integer optionalInt(JsonNode root, String field, String ref) {
        Long value = optionalLong(root, field, 1, ref);
        if (value == null) {
            return null;
        }
        if (value > Integer.MAX_VALUE) {
            throw new WireException(ErrorCode.BAD_REQUEST, field + " is too large", ref);
        }
        return value.intValue();
    }

    private static String abbreviate(String s) {
        if (s.codePointCount(0, s.length()) <= 32) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, 32)) + "...";
    }

    // ------------------------------------------------------------------ encoding

    public String encode(RoomEvent event) {
        return switch (event) {
            case RoomEvent.Posted p -> write(Envelopes.Message.of(p.message()));
            case RoomEvent.Presence p -> write(new Envelopes.Presence("presence", p.room(), p.event().wire(),
                    Envelopes.UserView.of(p.user()), p.count()));
            case RoomEvent.Typing t -> write(new Envelopes.Typing("typing", t.room(), Envelopes.UserView.of(t.user())));
            case RoomEvent.Notice n -> notice(n.text(), n.room());
            case RoomEvent.Deleted d -> write(new Envelopes.Deleted("deleted", d.room(), d.seq()));
            case RoomEvent.Removed r -> left(r.room(), r.reason());
        };
    }

    public String hello(String session, User user, long heartbeatSeconds) {
        return hello(session, user, heartbeatSeconds, null);
    }

    /** {@code expires}: token mode, when the connection's token runs out (epoch ms). */
    public String hello(String session, User user, long heartbeatSeconds, Long expires) {
        return write(new Envelopes.Hello("hello", session, Envelopes.UserView.of(user), heartbeatSeconds, expires));
    }

    /** The answer to {@code refresh}: the new token's expiry (epoch ms). */
    public String refreshed(long expires, String ref) {
        return write(new Envelopes.Refreshed("refreshed", expires, ref));
    }

    /** The answer to a moderator's command: what was done, to whom or which message. */
    public String moderated(String action, String room, String user, Long seq, String ref) {
        return write(new Envelopes.Moderated("moderated", action, room, user, seq, ref));
    }

    public String joined(JoinResult r) {
        return write(new Envelopes.Joined("joined", r.room(), r.seq(), r.count(),
                r.members().stream().map(Envelopes.UserView::of).toList(), messages(r.history()), r.recovered(), r.epoch()));
    }

    public String left(String room, String reason) {
        return write(new Envelopes.Left("left", room, reason));
    }

    public String ack(String ref, String room, long seq) {
        return write(new Envelopes.Ack("ack", ref, room, seq > 0 ? seq : null));
    }

    public String history(String room, List<ChatMessage> messages) {
        return write(new Envelopes.History("history", room, messages(messages)));
    }

    public String notice(String text, String room) {
        return write(new Envelopes.Notice("notice", text, room));
    }

    public String error(ErrorCode code, String message, String ref) {
        return error(code.wire(), message, ref);
    }

    public String error(String code, String message, String ref) {
        return write(new Envelopes.Error("error", code, message, ref));
    }

    private static List<Envelopes.Message> messages(List<ChatMessage> messages) {
        return messages.stream().map(Envelopes.Message::of).toList();
    }

    private String write(Object envelope) {
        return mapper.writeValueAsString(envelope);
    }
}
