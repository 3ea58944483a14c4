package io.roomwire.chat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.chat.ChatMessage;
import io.roomwire.chat.JoinResult;
import io.roomwire.chat.MessageKind;
import io.roomwire.chat.PresenceEvent;
import io.roomwire.chat.RoomEvent;
import io.roomwire.chat.User;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Server frames of docs/protocol.md out: each is one JSON object with a string {@code type} and
 * exactly the fields of the protocol's table, optional ones omitted when absent.
 */
class WireCodecEncodeTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final User ANN = new User("u-ann", "ann", "https://example.com/ann.png");
    private static final User BOB = new User("u-bob", "bob", null);
    private static final long TS = 1_767_225_600_000L;

    private final WireCodec codec = new WireCodec();

    private static JsonNode parse(String json) {
        JsonNode node = JSON.readTree(json);
        assertThat(node.isObject()).as(json).isTrue();
        return node;
    }

    /** Parses the frame, checks its type and that it has exactly these fields. */
    private static JsonNode frame(String json, String type, String... fields) {
        JsonNode node = parse(json);
        assertThat(node.get("type").isString()).as("type is a string").isTrue();
        assertThat(node.get("type").stringValue()).isEqualTo(type);
        List<String> expected = new ArrayList<>(List.of(fields));
        expected.add("type");
        assertThat(node.propertyNames()).as(json).containsExactlyInAnyOrderElementsOf(expected);
        return node;
    }

    private static void assertUser(JsonNode node, User user) {
        assertThat(node.get("id").stringValue()).isEqualTo(user.id());
        assertThat(node.get("name").stringValue()).isEqualTo(user.name());
        if (user.avatar() == null) {
            assertThat(node.propertyNames()).containsExactlyInAnyOrder("id", "name");
        } else {
            assertThat(node.propertyNames()).containsExactlyInAnyOrder("id", "name", "avatar");
            assertThat(node.get("avatar").stringValue()).isEqualTo(user.avatar());
        }
    }

    private static ChatMessage chat(long seq, String text, User from) {
        return new ChatMessage("lobby", seq, MessageKind.CHAT, text, Map.of(), from, TS + seq);
    }

    @Test
    void aChatMessageCarriesItsSeqAndEveryField() {
        ChatMessage m = new ChatMessage("lobby", 42, MessageKind.CHAT, "hello \"world\" \u00e9\ud83d\ude00",
                Map.of("lang", "en"), ANN, TS);

        JsonNode node = frame(codec.encode(new RoomEvent.Posted(m)), "message",
                "room", "seq", "kind", "text", "meta", "from", "ts");

        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertThat(node.get("seq").longValue()).isEqualTo(42);
        assertThat(node.get("kind").stringValue()).isEqualTo("chat");
        assertThat(node.get("text").stringValue()).isEqualTo("hello \"world\" \u00e9\ud83d\ude00");
        assertThat(node.get("meta").get("lang").stringValue()).isEqualTo("en");
        assertUser(node.get("from"), ANN);
        assertThat(node.get("ts").longValue()).isEqualTo(TS);
    }

    @Test
    void aDanmakuMessageHasNoSeq() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("color", "#ff0000");
        meta.put("mode", "top");
        meta.put("size", 24L);
        ChatMessage d = new ChatMessage("lobby", 0, MessageKind.DANMAKU, "wow", meta, BOB, TS);

        JsonNode node = frame(codec.encode(new RoomEvent.Posted(d)), "message",
                "room", "kind", "text", "meta", "from", "ts");

        assertThat(node.get("kind").stringValue()).isEqualTo("danmaku");
        assertThat(node.get("meta").get("color").stringValue()).isEqualTo("#ff0000");
        assertThat(node.get("meta").get("mode").stringValue()).isEqualTo("top");
        assertThat(node.get("meta").get("size").longValue()).isEqualTo(24);
        assertUser(node.get("from"), BOB);
    }

    @Test
    void emptyMetaIsAnEmptyObject() {
        JsonNode node = parse(codec.encode(new RoomEvent.Posted(chat(1, "hi", BOB))));

        assertThat(node.get("meta").isObject()).isTrue();
        assertThat(node.get("meta").isEmpty()).isTrue();
    }

    @Test
    void presenceOfAMemberNamesTheUserAndNeverTheExceptedConnection() {
        JsonNode node = frame(codec.encode(new RoomEvent.Presence("lobby", PresenceEvent.JOIN, ANN, 3, "c-ann")), "presence",
                "room", "event", "user", "count");

        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertThat(node.get("event").stringValue()).isEqualTo("join");
        assertUser(node.get("user"), ANN);
        assertThat(node.get("count").intValue()).isEqualTo(3);

        JsonNode leave = frame(codec.encode(new RoomEvent.Presence("lobby", PresenceEvent.LEAVE, BOB, 0, "c-bob")), "presence",
                "room", "event", "user", "count");
        assertThat(leave.get("event").stringValue()).isEqualTo("leave");
        assertThat(leave.get("count").intValue()).as("zero is a count, not an absent field").isZero();
    }

    @Test
    void aCountEventHasNoUser() {
        JsonNode node = frame(codec.encode(new RoomEvent.Presence("lobby", PresenceEvent.COUNT, null, 12_345, null)), "presence",
                "room", "event", "count");

        assertThat(node.get("event").stringValue()).isEqualTo("count");
        assertThat(node.get("count").intValue()).isEqualTo(12_345);
    }

    @Test
    void typingNamesTheRoomAndTheTyper() {
        JsonNode node = frame(codec.encode(new RoomEvent.Typing("lobby", BOB, "c-bob")), "typing", "room", "user");

        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertUser(node.get("user"), BOB);
    }

    @Test
    void aNoticeEventAndABroadcastNotice() {
        JsonNode toRoom = frame(codec.encode(new RoomEvent.Notice("lobby", "closing soon")), "notice", "text", "room");
        assertThat(toRoom.get("text").stringValue()).isEqualTo("closing soon");
        assertThat(toRoom.get("room").stringValue()).isEqualTo("lobby");

        JsonNode toAll = frame(codec.notice("maintenance at noon", null), "notice", "text");
        assertThat(toAll.get("text").stringValue()).isEqualTo("maintenance at noon");
    }

    @Test
    void hello() {
        JsonNode node = frame(codec.hello("s3cr3t", BOB, 25), "hello", "session", "user", "heartbeat");

        assertThat(node.get("session").stringValue()).isEqualTo("s3cr3t");
        assertUser(node.get("user"), BOB);
        assertThat(node.get("heartbeat").longValue()).isEqualTo(25);
    }

    @Test
    void joinedListsMembersAndHistoryOldestFirst() {
        JoinResult result = new JoinResult("lobby", 8, 2, List.of(ANN, BOB),
                List.of(chat(7, "seven", ANN), chat(8, "eight", BOB)), true);

        JsonNode node = frame(codec.joined(result), "joined",
                "room", "seq", "count", "members", "history", "recovered");

        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertThat(node.get("seq").longValue()).isEqualTo(8);
        assertThat(node.get("count").intValue()).isEqualTo(2);
        assertThat(node.get("members").size()).isEqualTo(2);
        assertUser(node.get("members").get(0), ANN);
        assertUser(node.get("members").get(1), BOB);
        assertThat(node.get("history").size()).isEqualTo(2);
        JsonNode first = node.get("history").get(0);
        assertThat(first.get("type").stringValue()).isEqualTo("message");
        assertThat(first.get("seq").longValue()).isEqualTo(7);
        assertThat(first.get("text").stringValue()).isEqualTo("seven");
        assertThat(node.get("history").get(1).get("seq").longValue()).isEqualTo(8);
        assertThat(node.get("recovered").booleanValue()).isTrue();
    }

    @Test
    void joinedOfAnEmptyRoomStillHasEveryField() {
        JsonNode node = frame(codec.joined(new JoinResult("lobby", 0, 1, List.of(BOB), List.of(), false)), "joined",
                "room", "seq", "count", "members", "history", "recovered");

        assertThat(node.get("seq").longValue()).isZero();
        assertThat(node.get("history").isArray()).isTrue();
        assertThat(node.get("history").isEmpty()).isTrue();
        assertThat(node.get("recovered").booleanValue()).isFalse();
    }

    @Test
    void leftWithAndWithoutAReason() {
        JsonNode plain = frame(codec.left("lobby", null), "left", "room");
        assertThat(plain.get("room").stringValue()).isEqualTo("lobby");

        JsonNode kicked = frame(codec.left("lobby", "kicked"), "left", "room", "reason");
        assertThat(kicked.get("reason").stringValue()).isEqualTo("kicked");
    }

    @Test
    void anAckOfChatCarriesTheSeq() {
        JsonNode node = frame(codec.ack("c1", "lobby", 17), "ack", "ref", "room", "seq");

        assertThat(node.get("ref").stringValue()).isEqualTo("c1");
        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertThat(node.get("seq").longValue()).isEqualTo(17);
    }

    @Test
    void anAckOfDanmakuHasNoSeq() {
        JsonNode node = frame(codec.ack("d1", "lobby", 0), "ack", "ref", "room");

        assertThat(node.get("ref").stringValue()).isEqualTo("d1");
    }

    @Test
    void anAckWithoutRefOmitsIt() {
        frame(codec.ack(null, "lobby", 3), "ack", "room", "seq");
    }

    @Test
    void historyPageKeepsTheOrderGiven() {
        JsonNode node = frame(codec.history("lobby", List.of(chat(3, "c", ANN), chat(4, "d", BOB))), "history",
                "room", "messages");

        assertThat(node.get("room").stringValue()).isEqualTo("lobby");
        assertThat(node.get("messages").size()).isEqualTo(2);
        assertThat(node.get("messages").get(0).get("seq").longValue()).isEqualTo(3);
        assertThat(node.get("messages").get(1).get("seq").longValue()).isEqualTo(4);

        JsonNode empty = frame(codec.history("lobby", List.of()), "history", "room", "messages");
        assertThat(empty.get("messages").isArray()).isTrue();
        assertThat(empty.get("messages").isEmpty()).isTrue();
    }

    @Test
    void errorWithAndWithoutRef() {
        JsonNode withRef = frame(codec.error("too_long", "Text exceeds 2000 characters", "s9"), "error",
                "code", "message", "ref");
        assertThat(withRef.get("code").stringValue()).isEqualTo("too_long");
        assertThat(withRef.get("message").stringValue()).isEqualTo("Text exceeds 2000 characters");
        assertThat(withRef.get("ref").stringValue()).isEqualTo("s9");

        JsonNode withoutRef = frame(codec.error("bad_request", "Message is not valid JSON", null), "error",
                "code", "message");
        assertThat(withoutRef.get("code").stringValue()).isEqualTo("bad_request");
    }

    @Test
    void aDecodeErrorEncodesIntoAnErrorFrameEchoingTheRef() {
        WireException refused = null;
        try {
            codec.decode("{\"type\":\"shout\",\"ref\":\"r1\"}");
        } catch (WireException e) {
            refused = e;
        }
        assertThat(refused).isNotNull();

        JsonNode node = frame(codec.error(refused.code(), refused.getMessage(), refused.ref()), "error",
                "code", "message", "ref");

        assertThat(node.get("code").stringValue()).isEqualTo("unknown_type");
        assertThat(node.get("ref").stringValue()).isEqualTo("r1");
    }
}
