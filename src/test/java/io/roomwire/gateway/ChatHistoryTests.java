package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatServer;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.list;
import static io.roomwire.testsupport.ChatMessages.range;
import static io.roomwire.testsupport.ChatMessages.seqs;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * History, recovery and deduplication (docs/protocol.md "Delivery"): paging with
 * {@code before}/{@code limit}; a client reconnecting with its {@code session} and joining with
 * {@code since} gets exactly what it missed ({@code recovered: true}), or the latest history with
 * {@code recovered: false} once the room's history (20 messages here) no longer reaches back; a
 * repeated {@code ref} is acknowledged with its original seq and never broadcast twice, also after
 * a reconnect.
 */
@ChatServer
class ChatHistoryTests extends ChatClientsFixture {

    private static final Duration QUIET = Duration.ofMillis(300);
    private static final int HISTORY = ChatServer.HISTORY_SIZE;

    @Test
    void historyPagesBackwardsThroughTheWholeHistory() {
        String room = ChatClients.room("pages");
        ChatClient s1 = clients.connect("pager-1");
        ChatClient s2 = clients.connect("pager-2");
        s1.joinAndAwait(room);
        s2.joinAndAwait(room);
        int total = HISTORY + 5;
        assertThat(post(List.of(s1, s2), room, 1, total)).containsExactlyElementsOf(range(1, total));
        long oldestHeld = total - HISTORY + 1;

        // Without before/limit: the latest page (default 50), oldest first: everything still held.
        assertThat(seqs(s1.history(room, null, null))).containsExactlyElementsOf(range(oldestHeld, total));

        // Page backwards 7 at a time until an empty page.
        List<Long> walked = new ArrayList<>();
        Long before = null;
        int pages = 0;
        while (true) {
            List<JsonNode> page = s1.history(room, before, 7);
            if (page.isEmpty()) {
                break;
            }
            assertThat(++pages).as("pages").isLessThanOrEqualTo(4);
            List<Long> seqs = seqs(page);
            assertThat(seqs).as("a page is oldest first and contiguous")
                    .containsExactlyElementsOf(range(seqs.getFirst(), seqs.getFirst() + seqs.size() - 1));
            assertThat(seqs.size()).isLessThanOrEqualTo(7);
            for (JsonNode m : page) {
                assertThat(text(m, "text")).isEqualTo("m" + m.get("seq").longValue());
                assertThat(text(m, "room")).isEqualTo(room);
            }
            walked.addAll(0, seqs);
            before = seqs.getFirst();
        }
        assertThat(walked).as("the walk covers the whole history, once").containsExactlyElementsOf(range(oldestHeld, total));
        assertThat(pages).isEqualTo(3); // 7 + 7 + 6

        // Edges: the maximum page size, and before beyond the latest seq.
        assertThat(seqs(s2.history(room, null, 200))).containsExactlyElementsOf(range(oldestHeld, total));
        assertThat(seqs(s2.history(room, 1000L, 3))).containsExactly((long) total - 2, (long) total - 1, (long) total);
        assertThat(seqs(s2.history(room, (long) total, 2))).containsExactly((long) total - 2, (long) total - 1);
    }

    @Test
    void reconnectingWithTheSessionAndSinceRecoversExactlyTheMissedMessages() {
        String room = ChatClients.room("recover");
        ChatClient sender = clients.connect("sender");
        ChatClient reader = clients.connect("reader");
        sender.joinAndAwait(room);
        reader.joinAndAwait(room);
        post(List.of(sender), room, 1, 3);
        List<JsonNode> seen = reader.awaitReceived(chatIn(room), 3, TIMEOUT);
        long lastSeen = seen.getLast().get("seq").longValue();
        assertThat(lastSeen).isEqualTo(3);
        reader.close();
        sender.awaitMatching(ChatMessages.presence(room, "leave", reader.userId()), TIMEOUT);

        post(List.of(sender), room, 4, 5); // missed: 4..8

        ChatClient back = clients.resume(reader, "reader");
        assertThat(back.userId()).as("same user within the resume window").isEqualTo(reader.userId());
        JsonNode joined = back.joinAndAwait(room, lastSeen);
        assertThat(joined.get("recovered").booleanValue()).isTrue();
        assertThat(joined.get("seq").longValue()).isEqualTo(8);
        assertThat(seqs(list(joined.get("history")))).containsExactly(4L, 5L, 6L, 7L, 8L);
        assertThat(list(joined.get("history"))).extracting(m -> text(m, "text"))
                .containsExactly("m4", "m5", "m6", "m7", "m8");
        back.assertNoMatching(chatIn(room), QUIET); // nothing replayed twice as live messages

        // Live delivery goes on right after the replay.
        post(List.of(sender), room, 9, 1);
        assertThat(back.awaitMatching(chatIn(room), TIMEOUT).get("seq").longValue()).isEqualTo(9);

        // Edge: since = the latest seq misses nothing.
        ChatClient again = clients.resume(back, "reader");
        JsonNode upToDate = again.joinAndAwait(room, 9);
        assertThat(upToDate.get("recovered").booleanValue()).isTrue();
        assertThat(upToDate.get("history").isEmpty()).isTrue();
    }

    @Test
    void recoveryWorksWhileTheHistoryStillReachesBackAndIsFalseOneMessageLater() {
        String room = ChatClients.room("toolate");
        ChatClient s1 = clients.connect("s1");
        ChatClient s2 = clients.connect("s2");
        ChatClient reader = clients.connect("late reader");
        s1.joinAndAwait(room);
        s2.joinAndAwait(room);
        reader.joinAndAwait(room);
        post(List.of(s1), room, 1, 2);
        assertThat(reader.awaitReceived(chatIn(room), 2, TIMEOUT).getLast().get("seq").longValue()).isEqualTo(2);
        reader.close();

        // Edge: exactly as many missed as the room keeps (20): the oldest held is since + 1.
        post(List.of(s1, s2), room, 3, HISTORY);
        long latest = 2 + HISTORY;
        ChatClient back = clients.resume(reader, "late reader");
        JsonNode joined = back.joinAndAwait(room, 2);
        assertThat(joined.get("recovered").booleanValue()).isTrue();
        assertThat(seqs(list(joined.get("history")))).containsExactlyElementsOf(range(3, latest));
        back.close();

        // One more: seq 3 is gone, so not everything after since can be replayed.
        post(List.of(s1), room, latest + 1, 1);
        latest++;
        ChatClient again = clients.resume(reader, "late reader");
        assertThat(again.userId()).isEqualTo(reader.userId());
        JsonNode late = again.joinAndAwait(room, 2);
        assertThat(late.get("recovered").booleanValue()).isFalse();
        assertThat(late.get("seq").longValue()).isEqualTo(latest);
        // Instead: the latest history, which is all the room still holds.
        assertThat(seqs(list(late.get("history")))).containsExactlyElementsOf(range(latest - HISTORY + 1, latest));
    }

    @Test
    void aRepeatedRefIsAckedWithTheOriginalSeqAndNotBroadcastAgain() {
        String room = ChatClients.room("dedup");
        ChatClient a = clients.connect("retrier");
        ChatClient b = clients.connect("witness");
        a.joinAndAwait(room);
        b.joinAndAwait(room);

        assertThat(a.chatAndAwaitAck(room, "once", "dup-1").get("seq").longValue()).isEqualTo(1);
        assertThat(b.awaitMatching(chatIn(room), TIMEOUT).get("seq").longValue()).isEqualTo(1);

        // The same ref again (even with other text): the original seq, no second message.
        for (String text : List.of("once", "once, edited")) {
            JsonNode ack = a.chatAndAwaitAck(room, text, "dup-1");
            assertThat(ack.get("seq").longValue()).isEqualTo(1);
            assertThat(text(ack, "room")).isEqualTo(room);
        }
        b.assertNoMatching(chatIn(room), QUIET);
        assertThat(a.received(chatIn(room))).hasSize(1);

        // After reconnecting with the same session token, the ref is still remembered.
        a.close();
        ChatClient again = clients.resume(a, "retrier");
        assertThat(again.userId()).isEqualTo(a.userId());
        again.joinAndAwait(room);
        assertThat(again.chatAndAwaitAck(room, "once", "dup-1").get("seq").longValue()).isEqualTo(1);
        b.assertNoMatching(chatIn(room), QUIET);
        again.assertNoMatching(chatIn(room), Duration.ZERO);

        // A new ref is a new message; another user's equal ref is not a duplicate.
        assertThat(again.chatAndAwaitAck(room, "twice", "dup-2").get("seq").longValue()).isEqualTo(2);

        // A ref whose send was refused has no original: resending it (fixed) posts it.
        again.chat(room, "x".repeat(2001), "dup-3");
        again.awaitError("dup-3", "too_long");
        assertThat(again.chatAndAwaitAck(room, "fixed", "dup-3").get("seq").longValue()).isEqualTo(3);
        assertThat(b.chatAndAwaitAck(room, "mine", "dup-1").get("seq").longValue()).isEqualTo(4);
        List<JsonNode> witnessed = b.awaitReceived(chatIn(room), 4, TIMEOUT);
        assertThat(witnessed).extracting(m -> text(m, "text")).containsExactly("once", "twice", "fixed", "mine");
        assertThat(seqs(b.history(room, null, null))).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aResendIsAcknowledgedBeforeAnyOtherCheckAndCostsNoFloodBudget() {
        String room = ChatClients.room("resend");
        ChatClient a = clients.connect("resender");
        a.joinAndAwait(room);
        assertThat(a.chatAndAwaitAck(room, "kept", "r-1").get("seq").longValue()).isEqualTo(1);

        // Far more resends than the burst allows new messages: every one acknowledged, none refused.
        for (int i = 0; i < 3 * ChatServer.CHAT_BURST; i++) {
            assertThat(a.chatAndAwaitAck(room, "kept", "r-1").get("seq").longValue()).isEqualTo(1);
        }
        // Also after leaving the room: the ack of the original, not not_member.
        a.send(ChatClient.command("leave", "room", room));
        a.awaitMatching(ChatMessages.is("left", room), TIMEOUT);
        assertThat(a.chatAndAwaitAck(room, "kept", "r-1").get("seq").longValue()).isEqualTo(1);
        assertThat(a.received(ChatMessages.is("error"))).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Posts {@code count} chat messages "m&lt;seq&gt;" round-robin from the senders (the room's
     * next seq must be {@code firstSeq}), each awaited; returns the acked seqs.
     */
    private static List<Long> post(List<ChatClient> senders, String room, long firstSeq, int count) {
        List<Long> acked = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            ChatClient sender = senders.get(i % senders.size());
            acked.add(sender.chatAndAwaitAck(room, "m" + seq, room + "-" + seq).get("seq").longValue());
        }
        assertThat(acked).containsExactlyElementsOf(range(firstSeq, firstSeq + count - 1));
        return acked;
    }
}
