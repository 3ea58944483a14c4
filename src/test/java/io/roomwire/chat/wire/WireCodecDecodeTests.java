package io.roomwire.chat.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import io.roomwire.chat.MessageKind;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client frames of docs/protocol.md in: every malformed frame is refused with an error code (and
 * the client's {@code ref} when it could be read), never a disconnect; well-formed frames become
 * commands, with unknown fields ignored.
 */
class WireCodecDecodeTests {

    private final WireCodec codec = new WireCodec();

    /** A frame, the error code it is refused with and the ref the error echoes (null: none). */
    static Stream<Arguments> badFrames() {
        String longRef = "r".repeat(65);
        return Stream.of(
                argumentSet("not JSON", "{type: join}", "bad_request", null),
                argumentSet("truncated JSON", "{\"type\":\"join\",\"room\":\"a\"", "bad_request", null),
                argumentSet("empty frame", "", "bad_request", null),
                argumentSet("two objects in one frame", "{\"type\":\"leave\",\"room\":\"a\"}{\"type\":\"leave\",\"room\":\"b\"}",
                        "bad_request", null),
                argumentSet("JSON array", "[{\"type\":\"join\",\"room\":\"a\"}]", "bad_request", null),
                argumentSet("JSON string", "\"join\"", "bad_request", null),
                argumentSet("JSON null", "null", "bad_request", null),
                argumentSet("missing type", "{\"room\":\"a\",\"ref\":\"r1\"}", "bad_request", "r1"),
                argumentSet("type not a string", "{\"type\":1,\"room\":\"a\",\"ref\":\"r2\"}", "bad_request", "r2"),
                argumentSet("type null", "{\"type\":null,\"room\":\"a\",\"ref\":\"r3\"}", "bad_request", "r3"),
                argumentSet("unknown type", "{\"type\":\"shout\",\"room\":\"a\",\"ref\":\"r4\"}", "unknown_type", "r4"),
                argumentSet("type is case-sensitive", "{\"type\":\"JOIN\",\"room\":\"a\",\"ref\":\"r5\"}",
                        "unknown_type", "r5"),
                argumentSet("unknown type, numeric ref echoed", "{\"type\":\"ping\",\"ref\":7}", "unknown_type", "7"),
                argumentSet("join: missing room", "{\"type\":\"join\",\"ref\":\"r6\"}", "bad_request", "r6"),
                argumentSet("join: room not a string", "{\"type\":\"join\",\"room\":7,\"ref\":\"r7\"}", "bad_request", "r7"),
                argumentSet("join: room null", "{\"type\":\"join\",\"room\":null}", "bad_request", null),
                argumentSet("leave: missing room", "{\"type\":\"leave\"}", "bad_request", null),
                argumentSet("history: room not a string", "{\"type\":\"history\",\"room\":[\"a\"]}", "bad_request", null),
                argumentSet("typing: missing room", "{\"type\":\"typing\",\"ref\":\"t\"}", "bad_request", "t"),
                argumentSet("send: missing room", "{\"type\":\"send\",\"text\":\"hi\"}", "bad_request", null),
                argumentSet("send without text", "{\"type\":\"send\",\"room\":\"a\",\"ref\":\"s1\"}", "bad_request", "s1"),
                argumentSet("send: text not a string", "{\"type\":\"send\",\"room\":\"a\",\"text\":42,\"ref\":\"s2\"}",
                        "bad_request", "s2"),
                argumentSet("send: kind not chat/danmaku", send("\"kind\":\"shout\""), "bad_request", "s"),
                argumentSet("send: kind is case-sensitive", send("\"kind\":\"Chat\""), "bad_request", "s"),
                argumentSet("send: kind not a string", send("\"kind\":1"), "bad_request", "s"),
                argumentSet("send: meta not an object", send("\"meta\":\"#ff0000\""), "bad_request", "s"),
                argumentSet("send: meta an array", send("\"meta\":[1,2]"), "bad_request", "s"),
                argumentSet("send: meta with a nested object", send("\"meta\":{\"style\":{\"bold\":true}}"),
                        "bad_request", "s"),
                argumentSet("send: meta with an array value", send("\"meta\":{\"tags\":[\"a\"]}"), "bad_request", "s"),
                argumentSet("send: meta with a null value", send("\"meta\":{\"color\":null}"), "bad_request", "s"),
                argumentSet("send: meta string value over 64", send("\"meta\":{\"note\":\"" + "n".repeat(65) + "\"}"),
                        "bad_request", "s"),
                argumentSet("send: meta key over 64", send("\"meta\":{\"" + "k".repeat(65) + "\":1}"), "bad_request", "s"),
                argumentSet("send: too many meta fields (9)",
                        send("\"meta\":{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9}"),
                        "bad_request", "s"),
                argumentSet("danmaku: color a name", danmaku("\"color\":\"red\""), "bad_request", "s"),
                argumentSet("danmaku: color #RGB", danmaku("\"color\":\"#f00\""), "bad_request", "s"),
                argumentSet("danmaku: color not hex", danmaku("\"color\":\"#GG0000\""), "bad_request", "s"),
                argumentSet("danmaku: color without #", danmaku("\"color\":\"ff0000\""), "bad_request", "s"),
                argumentSet("danmaku: color #RRGGBBAA", danmaku("\"color\":\"#ff000080\""), "bad_request", "s"),
                argumentSet("danmaku: color a number", danmaku("\"color\":16711680"), "bad_request", "s"),
                argumentSet("danmaku: mode not scroll/top/bottom", danmaku("\"mode\":\"left\""), "bad_request", "s"),
                argumentSet("danmaku: mode is case-sensitive", danmaku("\"mode\":\"TOP\""), "bad_request", "s"),
                argumentSet("danmaku: mode a boolean", danmaku("\"mode\":true"), "bad_request", "s"),
                argumentSet("join: since negative", "{\"type\":\"join\",\"room\":\"a\",\"since\":-1,\"ref\":\"j\"}",
                        "bad_request", "j"),
                argumentSet("join: since a fraction", "{\"type\":\"join\",\"room\":\"a\",\"since\":1.5}", "bad_request", null),
                argumentSet("join: since a string", "{\"type\":\"join\",\"room\":\"a\",\"since\":\"5\"}", "bad_request", null),
                argumentSet("join: since beyond a long",
                        "{\"type\":\"join\",\"room\":\"a\",\"since\":99999999999999999999}", "bad_request", null),
                argumentSet("history: before 0", "{\"type\":\"history\",\"room\":\"a\",\"before\":0,\"ref\":\"h\"}",
                        "bad_request", "h"),
                argumentSet("history: before negative", "{\"type\":\"history\",\"room\":\"a\",\"before\":-5}",
                        "bad_request", null),
                argumentSet("history: limit 0", "{\"type\":\"history\",\"room\":\"a\",\"limit\":0,\"ref\":\"h\"}",
                        "bad_request", "h"),
                argumentSet("history: limit beyond an int",
                        "{\"type\":\"history\",\"room\":\"a\",\"limit\":2147483648}", "bad_request", null),
                argumentSet("history: limit a string", "{\"type\":\"history\",\"room\":\"a\",\"limit\":\"10\"}",
                        "bad_request", null),
                argumentSet("ref too long (65)", "{\"type\":\"join\",\"room\":\"a\",\"ref\":\"" + longRef + "\"}",
                        "bad_request", null),
                argumentSet("ref empty", "{\"type\":\"join\",\"room\":\"a\",\"ref\":\"\"}", "bad_request", null),
                argumentSet("ref a boolean", "{\"type\":\"join\",\"room\":\"a\",\"ref\":true}", "bad_request", null),
                argumentSet("ref an object", "{\"type\":\"join\",\"room\":\"a\",\"ref\":{\"id\":1}}", "bad_request", null),
                argumentSet("bad ref wins over unknown type", "{\"type\":\"shout\",\"ref\":\"" + longRef + "\"}",
                        "bad_request", null));
    }

    private static String send(String extra) {
        return "{\"type\":\"send\",\"room\":\"a\",\"text\":\"hi\",\"ref\":\"s\"," + extra + "}";
    }

    private static String danmaku(String meta) {
        return send("\"kind\":\"danmaku\",\"meta\":{" + meta + "}");
    }

    @ParameterizedTest(name = "[{index}] {argumentSetName} -> {1}")
    @MethodSource("badFrames")
    void malformedFramesAreRefusedWithACodeAndTheRefWhenReadable(String json, String code, String ref) {
        Throwable thrown = catchThrowable(() -> codec.decode(json));

        assertThat(thrown).as(json).isInstanceOf(WireException.class);
        WireException refused = (WireException) thrown;
        assertThat(refused.code()).as("code for %s", json).isEqualTo(code);
        assertThat(refused.ref()).as("ref for %s", json).isEqualTo(ref);
        assertThat(refused.getMessage()).as("message for %s", json).isNotBlank();
    }

    @Test
    void theUnknownTypeIsNamedAbbreviatedInTheErrorMessage() {
        WireException refused = (WireException) catchThrowable(
                () -> codec.decode("{\"type\":\"" + "x".repeat(100) + "\"}"));

        assertThat(refused.code()).isEqualTo("unknown_type");
        assertThat(refused.getMessage()).contains("x".repeat(32) + "...").doesNotContain("x".repeat(33));
    }

    @Test
    void joinDecodesWithAndWithoutSince() {
        assertThat(codec.decode("{\"type\":\"join\",\"room\":\"lobby\"}"))
                .isEqualTo(new ClientCommand.Join("lobby", null, null));
        assertThat(codec.decode("{\"type\":\"join\",\"room\":\"lobby\",\"since\":0,\"ref\":\"j1\"}"))
                .isEqualTo(new ClientCommand.Join("lobby", 0L, "j1"));
        assertThat(codec.decode("{\"type\":\"join\",\"room\":\"lobby\",\"since\":9007199254740993}"))
                .isEqualTo(new ClientCommand.Join("lobby", 9007199254740993L, null));
        assertThat(codec.decode("{\"type\":\"join\",\"room\":\"lobby\",\"since\":null}"))
                .isEqualTo(new ClientCommand.Join("lobby", null, null));
    }

    @Test
    void unknownFieldsAreIgnored() {
        String json = """
                {"v":2,"type":"join","room":"lobby","extra":{"nested":[1,{"deep":true}]},"ref":"j2","since":4,"x":null}
                """;

        assertThat(codec.decode(json)).isEqualTo(new ClientCommand.Join("lobby", 4L, "j2"));
    }

    @Test
    void leaveAndTypingDecode() {
        assertThat(codec.decode("{\"type\":\"leave\",\"room\":\"lobby\",\"ref\":\"l\"}"))
                .isEqualTo(new ClientCommand.Leave("lobby", "l"));
        assertThat(codec.decode("{\"type\":\"typing\",\"room\":\"lobby\",\"unknown\":1}"))
                .isEqualTo(new ClientCommand.Typing("lobby", null));
    }

    @Test
    void aPlainSendIsChatWithNoMetaAndItsTextUntouched() {
        assertThat(codec.decode("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"  hi  \"}"))
                .isEqualTo(new ClientCommand.Send("lobby", "  hi  ", MessageKind.CHAT, Map.of(), null));
        assertThat(codec.decode("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"\",\"kind\":null,\"meta\":null}"))
                .as("the codec checks shapes; the domain judges the text")
                .isEqualTo(new ClientCommand.Send("lobby", "", MessageKind.CHAT, Map.of(), null));
        assertThat(codec.decode("{\"type\":\"send\",\"room\":\"lobby\",\"text\":\"hi\",\"kind\":\"chat\",\"ref\":\"c\"}"))
                .isEqualTo(new ClientCommand.Send("lobby", "hi", MessageKind.CHAT, Map.of(), "c"));
    }

    @Test
    void aDanmakuSendKeepsItsMetaWithJsonTypes() {
        String json = """
                {"type":"send","room":"lobby","text":"wow","kind":"danmaku","ref":"d1",
                 "meta":{"color":"#00FFaa","mode":"top","size":24,"opacity":0.5,"bold":true}}
                """;

        ClientCommand.Send send = (ClientCommand.Send) codec.decode(json);

        assertThat(send.kind()).isEqualTo(MessageKind.DANMAKU);
        assertThat(send.ref()).isEqualTo("d1");
        assertThat(send.meta()).containsExactly(Map.entry("color", "#00FFaa"), Map.entry("mode", "top"),
                Map.entry("size", 24L), Map.entry("opacity", 0.5), Map.entry("bold", true));
    }

    @Test
    void everyDanmakuModeIsAccepted() {
        for (String mode : new String[] {"scroll", "top", "bottom"}) {
            ClientCommand.Send send = (ClientCommand.Send) codec.decode(
                    "{\"type\":\"send\",\"room\":\"a\",\"text\":\"t\",\"kind\":\"danmaku\",\"meta\":{\"mode\":\"" + mode + "\"}}");
            assertThat(send.meta()).containsEntry("mode", mode);
        }
    }

    @Test
    void limitsAreInclusive() {
        String ref = "r".repeat(64);
        String eight = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"" + "k".repeat(64) + "\":\"" + "v".repeat(64) + "\"}";

        ClientCommand.Send send = (ClientCommand.Send) codec.decode(
                "{\"type\":\"send\",\"room\":\"a\",\"text\":\"t\",\"ref\":\"" + ref + "\",\"meta\":" + eight + "}");

        assertThat(send.ref()).isEqualTo(ref);
        assertThat(send.meta()).hasSize(8).containsEntry("k".repeat(64), "v".repeat(64));
    }

    @Test
    void historyDecodesItsOptionalPaging() {
        assertThat(codec.decode("{\"type\":\"history\",\"room\":\"lobby\"}"))
                .isEqualTo(new ClientCommand.History("lobby", null, null, null));
        assertThat(codec.decode("{\"type\":\"history\",\"room\":\"lobby\",\"before\":1,\"limit\":1,\"ref\":\"h\"}"))
                .isEqualTo(new ClientCommand.History("lobby", 1L, 1, "h"));
        assertThat(codec.decode("{\"type\":\"history\",\"room\":\"lobby\",\"before\":120,\"limit\":200}"))
                .isEqualTo(new ClientCommand.History("lobby", 120L, 200, null));
    }

    @Test
    void aNumericRefIsReadAsItsDecimalString() {
        assertThat(codec.decode("{\"type\":\"leave\",\"room\":\"a\",\"ref\":-12}").ref()).isEqualTo("-12");
    }

    @Test
    void roomNamesAreNotJudgedByTheCodec() {
        // shape only: the domain refuses bad names with invalid_room
        assertThat(codec.decode("{\"type\":\"join\",\"room\":\"\"}").room()).isEmpty();
    }
}
