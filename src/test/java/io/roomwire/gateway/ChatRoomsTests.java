package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.error;
import static io.roomwire.testsupport.ChatMessages.ids;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * docs/protocol.md end to end, the everyday path: {@code hello}, {@code join}/{@code joined},
 * {@code send} answered by an {@code ack} to the sender and a {@code message} to every member
 * (sender included), several rooms on one connection, {@code leave}/{@code left}.
 */
@ChatServer
class ChatRoomsTests extends ChatClientsFixture {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void twoClientsChatInARoom() {
        String room = ChatClients.room("lobby");
        ChatClient alice = clients.connect("\u0007  Alice \t\u001B Smith\n ");
        ChatClient bob = clients.connect("Bob");

        // hello: an unguessable session token, the user with its cleaned name, the heartbeat in seconds.
        JsonNode hello = alice.hello();
        assertThat(text(hello, "session")).hasSizeGreaterThanOrEqualTo(16);
        assertThat(alice.userId()).isNotBlank();
        assertThat(alice.userName()).isEqualTo("Alice Smith");
        assertThat(hello.get("heartbeat").longValue()).as("default ping interval 25s").isEqualTo(25);
        assertThat(bob.userId()).isNotEqualTo(alice.userId());
        assertThat(bob.session()).isNotEqualTo(alice.session());

        JsonNode aliceJoined = alice.joinAndAwait(room);
        assertThat(aliceJoined.get("seq").longValue()).isZero();
        assertThat(aliceJoined.get("count").longValue()).isEqualTo(1);
        assertThat(ids(aliceJoined.get("members"))).containsExactly(alice.userId());
        assertThat(aliceJoined.get("history").isEmpty()).isTrue();
        assertThat(aliceJoined.get("recovered").booleanValue()).isFalse();

        JsonNode bobJoined = bob.joinAndAwait(room);
        assertThat(bobJoined.get("count").longValue()).isEqualTo(2);
        assertThat(ids(bobJoined.get("members"))).containsExactlyInAnyOrder(alice.userId(), bob.userId());
        alice.awaitMatching(ChatMessages.presence(room, "join", bob.userId()), TIMEOUT);

        long before = System.currentTimeMillis();
        alice.chat(room, "hello bob", "a-1");
        JsonNode ack = alice.awaitMatching(ack("a-1"), TIMEOUT);
        assertThat(text(ack, "room")).isEqualTo(room);
        assertThat(ack.get("seq").longValue()).isEqualTo(1);

        for (ChatClient member : List.of(alice, bob)) {
            JsonNode message = member.awaitMatching(chatIn(room), TIMEOUT);
            assertThat(message.get("seq").longValue()).isEqualTo(1);
            assertThat(text(message, "kind")).isEqualTo("chat");
            assertThat(text(message, "text")).isEqualTo("hello bob");
            assertThat(text(message.get("from"), "id")).isEqualTo(alice.userId());
            assertThat(text(message.get("from"), "name")).isEqualTo("Alice Smith");
            assertThat(message.get("ts").longValue()).isBetween(before - 5_000, System.currentTimeMillis() + 5_000);
        }

        bob.chat(room, "hi alice", "b-1");
        assertThat(bob.awaitMatching(ack("b-1"), TIMEOUT).get("seq").longValue()).isEqualTo(2);
        for (ChatClient member : List.of(alice, bob)) {
            JsonNode message = member.awaitMatching(chatIn(room), TIMEOUT);
            assertThat(message.get("seq").longValue()).isEqualTo(2);
            assertThat(text(message, "text")).isEqualTo("hi alice");
            assertThat(text(message.get("from"), "id")).isEqualTo(bob.userId());
        }
        alice.assertNoMatching(is("message"), QUIET);
        bob.assertNoMatching(is("message"), QUIET);
    }

    @ParameterizedTest(name = "[{index}] name ''{0}'' -> ''{1}''")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Carol                                     | Carol",
            "'  Dave  '                                | Dave",
            "'Eve \t\u0001 Mallory'                    | Eve Mallory",
            "'Zero\u200Bwidth'                         | Zerowidth",
            "abcdefghijklmnopqrstuvwxyz0123456789ABCD  | abcdefghijklmnopqrstuvwxyz012345",
            "NULL                                      | GUEST",
            "'   '                                     | GUEST",
            "'\u0007\u0008'                            | GUEST"})
    void helloCarriesTheCleanedDisplayName(String name, String expected) {
        ChatClient client = clients.connect(name);
        if (expected.equals("GUEST")) {
            assertThat(client.userName()).matches("guest-[0-9A-Za-z]{4}");
        } else {
            assertThat(client.userName()).isEqualTo(expected);
        }
        assertThat(client.userName().codePointCount(0, client.userName().length())).isBetween(1, 32);
    }

    @Test
    void oneConnectionInThreeRoomsKeepsEachRoomsMessagesInThatRoom() {
        String[] rooms = {ChatClients.room("r1"), ChatClients.room("r2"), ChatClients.room("r3")};
        ChatClient hub = clients.connect("hub");
        ChatClient[] locals = {clients.connect("one"), clients.connect("two"), clients.connect("three")};
        for (int i = 0; i < 3; i++) {
            hub.joinAndAwait(rooms[i]);
            locals[i].joinAndAwait(rooms[i]);
        }
        for (int i = 0; i < 3; i++) {
            hub.chatAndAwaitAck(rooms[i], "hub to " + i, "h" + i);
            JsonNode ack = locals[i].chatAndAwaitAck(rooms[i], "local to " + i, "l" + i);
            assertThat(ack.get("seq").longValue()).as("seq is per room").isEqualTo(2);
        }
        for (int i = 0; i < 3; i++) {
            String room = rooms[i];
            List<JsonNode> hubGot = hub.awaitReceived(chatIn(room), 2, TIMEOUT);
            List<JsonNode> localGot = locals[i].awaitReceived(chatIn(room), 2, TIMEOUT);
            for (List<JsonNode> got : List.of(hubGot, localGot)) {
                assertThat(got).extracting(m -> m.get("seq").longValue()).containsExactly(1L, 2L);
                assertThat(got).extracting(m -> text(m, "text")).containsExactly("hub to " + i, "local to " + i);
            }
            // Only the first check waits; by then a leak into any room would have arrived too.
            locals[i].assertNoMatching(m -> is("message").test(m) && !room.equals(text(m, "room")),
                    i == 0 ? QUIET : Duration.ZERO);
        }
        assertThat(hub.received(is("message"))).hasSize(6);
        hub.clearPending();

        // Leaving one room stops its messages and only its messages.
        hub.send(ChatClient.command("leave", "room", rooms[1]));
        JsonNode left = hub.awaitMatching(is("left", rooms[1]), TIMEOUT);
        assertThat(left.has("reason")).isFalse();
        locals[1].chatAndAwaitAck(rooms[1], "after hub left", "l1-after");
        locals[0].chatAndAwaitAck(rooms[0], "still here", "l0-after");
        hub.awaitMatching(m -> chatIn(rooms[0]).test(m) && "still here".equals(text(m, "text")), TIMEOUT);
        hub.assertNoMatching(is("message", rooms[1]), QUIET);
        hub.chat(rooms[1], "not a member any more", "h1-after");
        assertThat(text(hub.awaitMatching(error("h1-after"), TIMEOUT), "code")).isEqualTo("not_member");
    }

    @Test
    void aClientOfferingOnlyOtherSubprotocolsIsRefusedWith400() {
        Throwable refused;
        try (HttpClient http = HttpClient.newHttpClient()) {
            refused = catchThrowable(() -> http.newWebSocketBuilder()
                    .subprotocols("chat.v0", "roomwire.v2")
                    .buildAsync(ChatClient.uri(port, ChatClient.query("name", "stranger")), new WebSocket.Listener() { })
                    .get(5, TimeUnit.SECONDS));
        }
        assertThat(refused).isInstanceOf(ExecutionException.class);
        assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
        assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(400);
    }
}
