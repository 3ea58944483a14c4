package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.messageIn;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Danmaku (docs/protocol.md "Delivery"): live only, no {@code seq}, not in history nor in
 * {@code joined}; over the room's danmaku budget (5 per second here) refused with {@code room_busy}.
 */
@ChatServer
class ChatDanmakuTests extends ChatClientsFixture {

    @Test
    void danmakuIsDeliveredLiveWithoutSeqAndNeverStored() {
        String room = ChatClients.room("stage");
        ChatClient a = clients.connect("fan");
        ChatClient b = clients.connect("watcher");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        a.chatAndAwaitAck(room, "a chat line", "c1");

        JsonNode meta = ChatClient.JSON.createObjectNode().put("color", "#FF8800").put("mode", "top");
        a.send(command("send", "room", room, "text", "  woo  ", "kind", "danmaku", "meta", meta, "ref", "dm1"));
        JsonNode ack = a.awaitMatching(ack("dm1"), TIMEOUT);
        assertThat(text(ack, "room")).isEqualTo(room);
        assertThat(ack.has("seq")).as("a danmaku ack has no seq").isFalse();
        for (ChatClient member : List.of(a, b)) {
            JsonNode shown = member.awaitMatching(m -> messageIn(room).test(m) && "danmaku".equals(text(m, "kind")),
                    TIMEOUT);
            assertThat(shown.has("seq")).as("danmaku has no seq").isFalse();
            assertThat(text(shown, "text")).isEqualTo("woo");
            assertThat(text(shown.get("meta"), "color")).isEqualTo("#FF8800");
            assertThat(text(shown.get("meta"), "mode")).isEqualTo("top");
            assertThat(text(shown.get("from"), "id")).isEqualTo(a.userId());
        }

        // The next chat message still gets seq 2: danmaku took no number.
        assertThat(a.chatAndAwaitAck(room, "another chat line", "c2").get("seq").longValue()).isEqualTo(2);

        // Not in history, not in joined.
        List<JsonNode> history = b.history(room, null, null);
        assertThat(history).extracting(m -> text(m, "kind")).containsOnly("chat");
        assertThat(ChatMessages.seqs(history)).containsExactly(1L, 2L);
        ChatClient late = clients.connect("late");
        JsonNode joined = late.joinAndAwait(room);
        assertThat(joined.get("history").values()).extracting(m -> text(m, "text"))
                .containsExactly("a chat line", "another chat line");
    }

    @Test
    void danmakuOverTheRoomsBudgetIsRefusedAsRoomBusy() {
        String room = ChatClients.room("busy");
        ChatClient a = clients.connect("spammer-1");
        ChatClient b = clients.connect("spammer-2");
        ChatClient viewer = clients.connect("viewer");
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        viewer.joinAndAwait(room);

        // Two connections share the room's budget (5/s); each is far within its own (20/s, burst 40).
        int sent = 16;
        long started = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            ChatClient sender = i % 2 == 0 ? a : b;
            sender.send(command("send", "room", room, "text", "d" + i, "kind", "danmaku", "ref", "d" + i));
        }
        int acked = 0;
        int busy = 0;
        for (int i = 0; i < sent; i++) {
            ChatClient sender = i % 2 == 0 ? a : b;
            String ref = "d" + i;
            JsonNode reply = sender.awaitMatching(m -> ref.equals(text(m, "ref")), TIMEOUT);
            if ("ack".equals(text(reply, "type"))) {
                acked++;
            } else {
                assertThat(text(reply, "type")).isEqualTo("error");
                assertThat(text(reply, "code")).as(reply.toString()).isEqualTo("room_busy");
                busy++;
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(busy).as("refused as room_busy").isPositive();
        // The budget: 5 tokens, plus what refilled while these arrived.
        int rate = ChatServer.ROOM_DANMAKU_PER_SECOND;
        assertThat(acked).as("accepted in %.2f s", seconds).isBetween(rate, rate + (int) Math.ceil(rate * seconds));

        // Exactly the accepted ones reach the viewer.
        List<JsonNode> shown = viewer.awaitReceived(messageIn(room), acked, TIMEOUT);
        viewer.clearPending();
        viewer.assertNoMatching(messageIn(room), Duration.ofMillis(300));
        assertThat(viewer.received(messageIn(room))).hasSize(acked);
        assertThat(shown).extracting(m -> text(m, "kind")).containsOnly("danmaku");

        // room_busy is not flooding: the senders stay connected and chat still works.
        assertThat(a.chatAndAwaitAck(room, "chat is unaffected", "c1").get("seq").longValue()).isEqualTo(1);
        assertThat(a.isOpen() && b.isOpen()).isTrue();
        assertThat(viewer.received(is("error"))).isEmpty();
    }
}
