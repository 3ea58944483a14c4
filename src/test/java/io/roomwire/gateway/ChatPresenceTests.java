package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.ids;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.presence;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Presence as docs/protocol.md describes it: {@code joined} carries the count and roster;
 * {@code join}/{@code leave} events (with the user and the new count) go to the other members while
 * the room is small; above {@code roomwire.chat.presence-event-limit} (3 here) only periodic
 * {@code count} events (every 200 ms here) are sent. Also {@code typing}, which goes to the others only.
 */
@ChatServer
class ChatPresenceTests extends ChatClientsFixture {

    private static final Duration QUIET = Duration.ofMillis(300);
    /** A few count intervals (200 ms). */
    private static final Duration COUNT_WAIT = Duration.ofSeconds(2);

    @Test
    void joinsAndLeavesAreAnnouncedWithCountAndJoinedCarriesTheRoster() {
        String room = ChatClients.room("presence");
        ChatClient a = clients.connect("Ann");
        ChatClient b = clients.connect("Ben");
        ChatClient c = clients.connect("Cid");

        JsonNode aJoined = a.joinAndAwait(room);
        assertThat(aJoined.get("count").intValue()).isEqualTo(1);
        assertThat(ids(aJoined.get("members"))).containsExactly(a.userId());

        JsonNode bJoined = b.joinAndAwait(room);
        assertThat(bJoined.get("count").intValue()).isEqualTo(2);
        assertThat(ids(bJoined.get("members"))).containsExactlyInAnyOrder(a.userId(), b.userId());
        JsonNode bArrived = a.awaitMatching(presence(room, "join", b.userId()), TIMEOUT);
        assertThat(bArrived.get("count").intValue()).isEqualTo(2);
        assertThat(text(bArrived.get("user"), "name")).isEqualTo("Ben");

        JsonNode cJoined = c.joinAndAwait(room);
        assertThat(cJoined.get("count").intValue()).isEqualTo(3);
        assertThat(ids(cJoined.get("members"))).containsExactlyInAnyOrder(a.userId(), b.userId(), c.userId());
        assertThat(cJoined.get("members").values()).extracting(u -> text(u, "name"))
                .containsExactlyInAnyOrder("Ann", "Ben", "Cid");
        for (ChatClient other : List.of(a, b)) {
            assertThat(other.awaitMatching(presence(room, "join", c.userId()), TIMEOUT).get("count").intValue())
                    .isEqualTo(3);
        }

        // An explicit leave: `left` to the leaver, a leave event to the others.
        b.send(ChatClient.command("leave", "room", room));
        b.awaitMatching(is("left", room), TIMEOUT);
        for (ChatClient other : List.of(a, c)) {
            JsonNode left = other.awaitMatching(presence(room, "leave", b.userId()), TIMEOUT);
            assertThat(left.get("count").intValue()).isEqualTo(2);
        }

        // A disconnect is a leave too.
        c.close();
        assertThat(a.awaitMatching(presence(room, "leave", c.userId()), TIMEOUT).get("count").intValue()).isEqualTo(1);

        // Nobody is told about their own arrival.
        a.assertNoMatching(presence(room, "join", a.userId()), Duration.ZERO);
        b.assertNoMatching(presence(room, "join", b.userId()), Duration.ZERO);
        c.assertNoMatching(presence(room, "join", c.userId()), Duration.ZERO);
    }

    @Test
    void aboveThePresenceEventLimitOnlyCountEventsAreSent() {
        assertThat(ChatServer.PRESENCE_EVENT_LIMIT).isEqualTo(3);
        String room = ChatClients.room("crowd");
        ChatClient a = clients.connect("a");
        ChatClient b = clients.connect("b");
        ChatClient c = clients.connect("c");
        ChatClient d = clients.connect("d");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        c.joinAndAwait(room);
        a.awaitMatching(presence(room, "join", c.userId()), TIMEOUT); // the third member: still announced

        // The fourth member takes the room over the limit: no join event, a count event instead.
        assertThat(d.joinAndAwait(room).get("count").intValue()).isEqualTo(4);
        for (ChatClient member : List.of(a, b, c, d)) {
            JsonNode count = member.awaitMatching(presence(room, "count", null), COUNT_WAIT);
            assertThat(count.get("count").intValue()).isEqualTo(4);
            assertThat(count.has("user")).as("a count event names nobody").isFalse();
        }
        a.assertNoMatching(presence(room, "join", d.userId()), Duration.ZERO);

        // Back down to the limit: the departure of the fourth is covered by a count event, not a leave.
        d.send(ChatClient.command("leave", "room", room));
        d.awaitMatching(is("left", room), TIMEOUT);
        assertThat(a.awaitMatching(presence(room, "count", null), COUNT_WAIT).get("count").intValue()).isEqualTo(3);
        a.assertNoMatching(presence(room, "leave", d.userId()), Duration.ZERO);

        // Under the limit again: per-member events resume, and no more count events are sent.
        c.send(ChatClient.command("leave", "room", room));
        assertThat(a.awaitMatching(presence(room, "leave", c.userId()), TIMEOUT).get("count").intValue())
                .isEqualTo(2);
        a.assertNoMatching(presence(room, "count", null), Duration.ofMillis(600));
    }

    @Test
    void typingGoesToTheOtherMembersOnly() {
        String room = ChatClients.room("typing");
        ChatClient a = clients.connect("typist");
        ChatClient b = clients.connect("reader");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        a.send(ChatClient.command("typing", "room", room));
        JsonNode typing = b.awaitMatching(is("typing", room), TIMEOUT);
        assertThat(text(typing.get("user"), "id")).isEqualTo(a.userId());
        a.assertNoMatching(is("typing"), QUIET);
        // Not stored: the room's history stays empty.
        a.send(ChatClient.command("history", "room", room));
        assertThat(a.awaitMatching(is("history", room), TIMEOUT).get("messages").isEmpty()).isTrue();
    }
}
