package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * docs/protocol.md: a frame the server cannot act on gets an {@code error} with its code (and the
 * request's {@code ref} when it could be read), never a disconnect: after each one, a valid command
 * on the same connection still gets its answer.
 */
@ChatServer
class ChatBadInputTests extends ChatClientsFixture {

    static Stream<Arguments> badFrames() {
        return Stream.of(
                Arguments.of("not JSON", "{nope", "bad_request", null),
                Arguments.of("JSON but not an object", "[1,2,3]", "bad_request", null),
                Arguments.of("no type", "{\"room\":\"%ROOM%\",\"ref\":\"r1\"}", "bad_request", "r1"),
                Arguments.of("type not a string", "{\"type\":7,\"ref\":\"r2\"}", "bad_request", "r2"),
                Arguments.of("unknown type", "{\"type\":\"dance\",\"ref\":\"r3\"}", "unknown_type", "r3"),
                Arguments.of("join without room", "{\"type\":\"join\",\"ref\":\"r4\"}", "bad_request", "r4"),
                Arguments.of("room not a string", "{\"type\":\"join\",\"room\":42,\"ref\":\"r5\"}", "bad_request", "r5"),
                Arguments.of("send without text", "{\"type\":\"send\",\"room\":\"%ROOM%\",\"ref\":\"r6\"}", "bad_request", "r6"),
                Arguments.of("send to a room not joined",
                        "{\"type\":\"send\",\"room\":\"never-joined\",\"text\":\"hi\",\"ref\":\"r7\"}", "not_member", "r7"),
                Arguments.of("leave a room not joined", "{\"type\":\"leave\",\"room\":\"never-joined\",\"ref\":\"r8\"}",
                        "not_member", "r8"),
                Arguments.of("history of a room not joined", "{\"type\":\"history\",\"room\":\"never-joined\",\"ref\":\"r9\"}",
                        "not_member", "r9"),
                Arguments.of("history limit 0", "{\"type\":\"history\",\"room\":\"%ROOM%\",\"limit\":0,\"ref\":\"r10\"}",
                        "bad_request", "r10"),
                Arguments.of("history before 0", "{\"type\":\"history\",\"room\":\"%ROOM%\",\"before\":0,\"ref\":\"r11\"}",
                        "bad_request", "r11"),
                Arguments.of("join since -1", "{\"type\":\"join\",\"room\":\"%ROOM%\",\"since\":-1,\"ref\":\"r12\"}",
                        "bad_request", "r12"),
                Arguments.of("unknown kind",
                        "{\"type\":\"send\",\"room\":\"%ROOM%\",\"text\":\"hi\",\"kind\":\"shout\",\"ref\":\"r13\"}",
                        "bad_request", "r13"),
                Arguments.of("blank text", "{\"type\":\"send\",\"room\":\"%ROOM%\",\"text\":\"  \\n \",\"ref\":\"r14\"}",
                        "bad_request", "r14"),
                Arguments.of("meta not an object",
                        "{\"type\":\"send\",\"room\":\"%ROOM%\",\"text\":\"hi\",\"meta\":[1],\"ref\":\"r15\"}",
                        "bad_request", "r15"),
                Arguments.of("typing in a room not joined", "{\"type\":\"typing\",\"room\":\"never-joined\",\"ref\":\"r16\"}",
                        "not_member", "r16"),
                Arguments.of("invalid room name", "{\"type\":\"join\",\"room\":\"no spaces\",\"ref\":\"r17\"}",
                        "invalid_room", "r17"));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {2}")
    @MethodSource("badFrames")
    void aBadFrameGetsAnErrorAndTheConnectionLivesOn(String what, String frame, String code, String ref) {
        ChatClient c = clients.connect("careless");
        String joined = ChatClients.room("joined"); // the frames' %ROOM%: a room this client is in
        c.joinAndAwait(joined);
        c.send(frame.replace("%ROOM%", joined));
        JsonNode error = c.awaitType("error", TIMEOUT);
        assertThat(text(error, "code")).as(what + ": " + error).isEqualTo(code);
        assertThat(text(error, "message")).isNotBlank();
        assertThat(text(error, "ref")).as("ref").isEqualTo(ref);
        stillAnswers(c);
    }

    @Test
    void aBinaryFrameGetsABadRequestAndTheConnectionLivesOn() {
        ChatClient c = clients.connect("binary");
        c.sendBinary("{\"type\":\"join\",\"room\":\"binary-room\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode error = c.awaitType("error", TIMEOUT);
        assertThat(text(error, "code")).isEqualTo("bad_request");
        stillAnswers(c);
        assertThat(c.received(is("joined", "binary-room"))).as("the binary frame was not acted on").isEmpty();
    }

    @Test
    void unknownFieldsAreIgnored() {
        ChatClient c = clients.connect("extra");
        String room = ChatClients.room("extra");
        c.send("{\"type\":\"join\",\"room\":\"" + room + "\",\"colour\":\"blue\",\"nested\":{\"a\":[1,2]}}");
        c.awaitMatching(is("joined", room), TIMEOUT);
        assertThat(c.received(is("error"))).isEmpty();
    }

    /** A valid command on the same connection gets its normal answer. */
    private static void stillAnswers(ChatClient c) {
        String room = ChatClients.room("after");
        c.joinAndAwait(room);
        assertThat(c.chatAndAwaitAck(room, "still here", "alive").get("seq").longValue()).isEqualTo(1);
        assertThat(c.isOpen()).isTrue();
    }
}
