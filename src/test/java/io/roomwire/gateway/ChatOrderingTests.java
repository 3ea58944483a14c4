package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docs/protocol.md: chat {@code seq} is per room, strictly increasing, with no gaps, and every
 * member sees the room's messages in the same order. Ten connections send 100 messages each into
 * one room at once (flood limits raised for this), and every member, senders and three listeners,
 * must receive all 1000 in one identical order numbered 1..1000.
 */
@LoadServer
class ChatOrderingTests extends ChatClientsFixture {

    private static final int SENDERS = 10;
    private static final int PER_SENDER = 100;
    private static final int LISTENERS = 3;
    private static final int TOTAL = SENDERS * PER_SENDER;
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @Test
    void concurrentSendersProduceOneGapFreeOrderSeenIdenticallyByEveryMember() throws Exception {
        String room = ChatClients.room("order");
        List<ChatClient> senders = new ArrayList<>();
        List<ChatClient> members = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(clients.connect("sender-" + i));
        }
        for (int i = 0; i < LISTENERS; i++) {
            members.add(clients.connect("listener-" + i));
        }
        members.addAll(senders);
        for (ChatClient member : members) {
            member.joinAndAwait(room);
        }

        ExecutorService pool = Executors.newFixedThreadPool(SENDERS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> sending = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                ChatClient sender = senders.get(i);
                int s = i;
                sending.add(pool.submit(() -> {
                    start.await();
                    for (int k = 0; k < PER_SENDER; k++) {
                        sender.chat(room, "s" + s + "-" + k, "s" + s + "-" + k);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : sending) {
                f.get(DELIVERY.toSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        // Every member: all 1000, numbered 1..1000 in arrival order.
        List<String> reference = null;
        for (ChatClient member : members) {
            List<JsonNode> got = member.awaitReceived(chatIn(room), TOTAL, DELIVERY);
            assertThat(got).as(member + " received").hasSize(TOTAL);
            List<Long> seqs = ChatMessages.seqs(got);
            assertThat(seqs).as(member + " seqs in arrival order").containsExactlyElementsOf(ChatMessages.range(1, TOTAL));
            List<String> order = got.stream()
                    .map(m -> m.get("seq").longValue() + ":" + text(m.get("from"), "id") + ":" + text(m, "text"))
                    .toList();
            if (reference == null) {
                reference = order;
            } else {
                assertThat(order).as(member + " sees the same order as the first listener").isEqualTo(reference);
            }
        }

        // Each sender's own messages keep the order it sent them in.
        Map<String, Long> seqOfText = new HashMap<>();
        List<JsonNode> first = members.getFirst().received(chatIn(room));
        for (JsonNode m : first) {
            seqOfText.put(text(m, "text"), m.get("seq").longValue());
        }
        for (int s = 0; s < SENDERS; s++) {
            ChatClient sender = senders.get(s);
            List<Long> own = new ArrayList<>();
            for (int k = 0; k < PER_SENDER; k++) {
                Long seq = seqOfText.get("s" + s + "-" + k);
                assertThat(seq).as("s" + s + "-" + k).isNotNull();
                assertThat(text(first.get((int) (seq - 1)).get("from"), "id")).isEqualTo(sender.userId());
                own.add(seq);
            }
            assertThat(own).as("sender " + s + " FIFO").isSorted();

            // And each got an ack per message, with the seq its message was delivered under.
            List<JsonNode> acks = sender.awaitReceived(m -> "ack".equals(text(m, "type")), PER_SENDER, DELIVERY);
            assertThat(acks).hasSize(PER_SENDER);
            for (JsonNode ack : acks) {
                assertThat(ack.get("seq").longValue()).as("ack " + ack).isEqualTo(seqOfText.get(text(ack, "ref")));
            }
        }
        for (ChatClient member : members) {
            assertThat(member.received(m -> "error".equals(text(m, "type")))).as(member + " errors").isEmpty();
            assertThat(member.isOpen()).as(member + " closed with " + member.closeCode()).isTrue();
        }
    }
}
