package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Flood control per connection (here 10 chat messages per second, burst 20, 8 strikes in 10 s):
 * a burst past the budget is refused with {@code rate_limited} and not broadcast; sustained
 * flooding past the strike limit gets the connection closed with 1008 (policy).
 */
@ChatServer
class ChatFloodTests extends ChatClientsFixture {

    @Test
    void aBurstPastTheChatBudgetIsRateLimitedAndNotBroadcast() throws InterruptedException {
        String room = ChatClients.room("burst");
        ChatClient flooder = clients.connect("eager");
        ChatClient other = clients.connect("other");
        flooder.joinAndAwait(room);
        other.joinAndAwait(room);

        // Burst + 6, sent back to back: about 6 refusals, fewer than the 8 strikes that would close.
        int sent = ChatServer.CHAT_BURST + 6;
        long started = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            flooder.chat(room, "burst " + i, "b" + i);
        }
        List<String> accepted = new ArrayList<>();
        List<String> limited = new ArrayList<>();
        for (int i = 0; i < sent; i++) {
            String ref = "b" + i;
            JsonNode reply = flooder.awaitMatching(m -> ref.equals(text(m, "ref")), TIMEOUT);
            if ("ack".equals(text(reply, "type"))) {
                accepted.add("burst " + i);
            } else {
                assertThat(text(reply, "code")).as(reply.toString()).isEqualTo("rate_limited");
                limited.add("burst " + i);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(limited).as("refused past the burst (sent in %.2f s)", seconds).isNotEmpty();
        assertThat(accepted.size()).as("accepted in %.2f s", seconds)
                .isBetween(ChatServer.CHAT_BURST, ChatServer.CHAT_BURST + (int) Math.ceil(10 * seconds));
        assertThat(accepted.subList(0, ChatServer.CHAT_BURST))
                .as("the first burst-worth is never refused").doesNotContainAnyElementsOf(limited);

        // The other member sees exactly the accepted messages, gap-free.
        List<JsonNode> seen = other.awaitReceived(chatIn(room), accepted.size(), TIMEOUT);
        other.clearPending();
        other.assertNoMatching(chatIn(room), Duration.ofMillis(300));
        assertThat(other.received(chatIn(room))).extracting(m -> text(m, "text")).containsExactlyElementsOf(accepted);
        assertThat(ChatMessages.seqs(seen)).containsExactlyElementsOf(ChatMessages.range(1, accepted.size()));

        // Still connected; once the bucket refills, sending works again.
        Thread.sleep(300);
        assertThat(flooder.isOpen()).isTrue();
        assertThat(flooder.chatAndAwaitAck(room, "calm again", "calm").get("seq").longValue())
                .isEqualTo(accepted.size() + 1);
    }

    @Test
    void sustainedFloodingIsClosedWithPolicyViolation() {
        String room = ChatClients.room("flood");
        ChatClient flooder = clients.connect("flooder");
        ChatClient other = clients.connect("bystander");
        flooder.joinAndAwait(room);
        other.joinAndAwait(room);

        int sent = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (flooder.isOpen() && sent < 200 && System.nanoTime() < deadline) {
            try {
                flooder.chat(room, "flood " + sent, "f" + sent);
            } catch (IllegalStateException e) {
                break; // the server closed the connection under us
            }
            sent++;
        }
        assertThat(flooder.awaitClose(TIMEOUT)).as("close code").isEqualTo(1008);
        List<JsonNode> refusals = flooder.received(m -> "error".equals(text(m, "type")));
        assertThat(refusals).extracting(m -> text(m, "code")).containsOnly("rate_limited");
        assertThat(refusals).as("closed at the strike limit").hasSize(ChatServer.STRIKES);

        // The bystander got only accepted messages and saw the flooder leave; it is unaffected.
        other.awaitMatching(ChatMessages.presence(room, "leave", flooder.userId()), TIMEOUT);
        Set<String> acked = flooder.received(m -> "ack".equals(text(m, "type"))).stream()
                .map(m -> text(m, "ref")).collect(Collectors.toSet());
        List<JsonNode> seen = other.received(chatIn(room));
        assertThat(seen).hasSize(acked.size());
        assertThat(seen).extracting(m -> "f" + text(m, "text").substring("flood ".length()))
                .allMatch(acked::contains);
        assertThat(other.isOpen()).isTrue();
        assertThat(other.chatAndAwaitAck(room, "still fine", "ok").get("seq").longValue()).isEqualTo(seen.size() + 1);
    }
}
