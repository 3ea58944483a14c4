package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.messageIn;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Every limit at its edge: the last allowed value works, the next one is refused with its error
 * code, the error carries the request's {@code ref}, nothing is broadcast, and the connection lives
 * on. Text (2000), danmaku (100) and room name (64) limits are docs/protocol.md's; rooms per
 * connection is the default 16; members per room is 4 in this context.
 */
@ChatServer
class ChatLimitsTests extends ChatClientsFixture {

    private static final Duration QUIET = Duration.ofMillis(300);

    @Test
    void sixteenRoomsPerConnectionAndTheSeventeenthIsTooMany() {
        ChatClient c = clients.connect("collector");
        String prefix = ChatClients.room("many");
        List<String> rooms = new ArrayList<>();
        for (int i = 1; i <= 16; i++) {
            rooms.add(prefix + "-" + i);
            assertThat(c.joinAndAwait(rooms.getLast()).get("count").intValue()).isEqualTo(1);
        }
        String seventeenth = prefix + "-17";
        c.send(command("join", "room", seventeenth, "ref", "j17"));
        c.awaitError("j17", "too_many_rooms");
        c.assertNoMatching(is("joined", seventeenth), QUIET);
        c.chat(seventeenth, "am I in?", "s17");
        c.awaitError("s17", "not_member");

        // Re-joining a room already joined is not a seventeenth room.
        c.send(command("join", "room", rooms.get(4), "ref", "again"));
        assertThat(c.awaitMatching(is("joined", rooms.get(4)), TIMEOUT).get("count").intValue()).isEqualTo(1);

        // Leaving one makes room for another.
        c.send(command("leave", "room", rooms.getFirst()));
        c.awaitMatching(is("left", rooms.getFirst()), TIMEOUT);
        c.joinAndAwait(seventeenth);
        assertThat(c.chatAndAwaitAck(seventeenth, "in now", "s17b").get("seq").longValue()).isEqualTo(1);
    }

    @Test
    void theLastMemberFitsAndTheNextFindsTheRoomFull() {
        String room = ChatClients.room("full");
        List<ChatClient> members = new ArrayList<>();
        for (int i = 1; i <= ChatServer.MAX_MEMBERS; i++) {
            ChatClient member = clients.connect("member-" + i);
            assertThat(member.joinAndAwait(room).get("count").intValue()).isEqualTo(i);
            members.add(member);
        }
        ChatClient late = clients.connect("late");
        late.send(command("join", "room", room, "ref", "j-late"));
        late.awaitError("j-late", "room_full");
        late.chat(room, "let me in", "s-late");
        late.awaitError("s-late", "not_member");
        members.getFirst().assertNoMatching(messageIn(room), QUIET);

        // One leaves: now the late one fits.
        members.getLast().send(command("leave", "room", room));
        members.getLast().awaitMatching(is("left", room), TIMEOUT);
        assertThat(late.joinAndAwait(room).get("count").intValue()).isEqualTo(ChatServer.MAX_MEMBERS);
    }

    @Test
    void textOf2000CharactersIsAcceptedAnd2001IsTooLong() {
        String room = ChatClients.room("text");
        ChatClient a = clients.connect("writer");
        ChatClient b = clients.connect("reader");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        String max = "x".repeat(1999) + "y";

        assertThat(a.chatAndAwaitAck(room, max, "t2000").get("seq").longValue()).isEqualTo(1);
        assertThat(text(b.awaitMatching(chatIn(room), TIMEOUT), "text")).isEqualTo(max);

        // The limit applies after trimming.
        assertThat(a.chatAndAwaitAck(room, "  \n" + max + "\t ", "t2000-padded").get("seq").longValue()).isEqualTo(2);
        assertThat(text(b.awaitMatching(chatIn(room), TIMEOUT), "text")).isEqualTo(max);

        a.chat(room, max + "z", "t2001");
        a.awaitError("t2001", "too_long");
        b.assertNoMatching(messageIn(room), QUIET);
        assertThat(ChatMessages.seqs(a.history(room, null, null))).containsExactly(1L, 2L);
    }

    @Test
    void danmakuOf100CharactersIsAcceptedAnd101IsTooLong() {
        String room = ChatClients.room("danmaku-len");
        ChatClient a = clients.connect("shooter");
        ChatClient b = clients.connect("viewer");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        String max = "d".repeat(100);

        a.send(command("send", "room", room, "text", max, "kind", "danmaku", "ref", "d100"));
        JsonNode ack = a.awaitMatching(ChatMessages.ack("d100"), TIMEOUT);
        assertThat(ack.has("seq")).as("danmaku has no seq").isFalse();
        JsonNode shown = b.awaitMatching(messageIn(room), TIMEOUT);
        assertThat(text(shown, "kind")).isEqualTo("danmaku");
        assertThat(text(shown, "text")).isEqualTo(max);

        a.send(command("send", "room", room, "text", max + "d", "kind", "danmaku", "ref", "d101"));
        a.awaitError("d101", "too_long");
        b.assertNoMatching(messageIn(room), QUIET);
    }

    @Test
    void roomNamesOf64CharactersAreValidAnd65AreNot() {
        ChatClient c = clients.connect("namer");
        String base = ChatClients.room("Az09_.-");
        String name64 = base + "q".repeat(64 - base.length());
        assertThat(name64).hasSize(64);
        JsonNode joined = c.joinAndAwait(name64);
        assertThat(text(joined, "room")).isEqualTo(name64);
        assertThat(c.chatAndAwaitAck(name64, "fits", "n64").get("seq").longValue()).isEqualTo(1);

        List<String> invalid = List.of(name64 + "q", "", "has space", "slash/room", "caf\u00e9", "semi;colon");
        for (int i = 0; i < invalid.size(); i++) {
            c.send(command("join", "room", invalid.get(i), "ref", "bad-" + i));
            c.awaitError("bad-" + i, "invalid_room");
        }
        c.assertNoMatching(is("joined"), Duration.ZERO);
        assertThat(c.chatAndAwaitAck(name64, "still here", "n64b").get("seq").longValue()).isEqualTo(2);
    }

    @Test
    void historyPagesOf200AreAcceptedAnd201IsABadRequest() {
        String room = ChatClients.room("page-limit");
        ChatClient c = clients.connect("reader");
        c.joinAndAwait(room);
        c.chatAndAwaitAck(room, "one", "p1");
        c.send(command("history", "room", room, "limit", 200, "ref", "h200"));
        assertThat(c.awaitMatching(is("history", room), TIMEOUT).get("messages").size()).isEqualTo(1);
        c.send(command("history", "room", room, "limit", 201, "ref", "h201"));
        c.awaitError("h201", "bad_request");
        c.assertNoMatching(is("history"), QUIET);
    }
}
