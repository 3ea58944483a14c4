package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.RawSocketClient;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.presence;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * docs/protocol.md "Delivery": chat is never dropped silently; a member too slow to take it is
 * disconnected (1013) and a slow member never holds the room back. A raw-socket member with a tiny
 * receive buffer joins and stops reading while two healthy members chat; with 256 KB outbound queues
 * (soft limit 16 KB) the server gives up on it, and the healthy members get every message, in order.
 * The same holds for slow members that keep sending while they do not read.
 */
@LoadServer
class ChatSlowConsumerTests extends ChatClientsFixture {

    /** Members in the second test that stop reading but keep sending. */
    private static final int SLOW_TALKERS = 6;
    /** Upper bound on the chat text sent before the slow member must be gone. */
    private static final long MAX_BYTES = 24L * 1024 * 1024;
    /** Messages sent per round before checking on the slow member. */
    private static final int BATCH = 40;
    /** Sent after the slow member is gone, to show delivery goes on. */
    private static final int AFTERWARDS = BATCH;

    @Test
    void aMemberThatStopsReadingIsClosedWhileTheOthersGetEveryMessageInOrder() throws Exception {
        String room = ChatClients.room("slow");
        ChatClient a = clients.connect("healthy-a");
        ChatClient b = clients.connect("healthy-b");
        a.joinAndAwait(room);
        b.joinAndAwait(room);

        RawSocketClient slow = clients.connectRaw("slowpoke", 4096);
        JsonNode hello = slow.readJson();
        String slowId = text(hello.get("user"), "id");
        slow.sendJson(command("join", "room", room));
        assertThat(text(slow.readJson(), "type")).isEqualTo("joined");
        a.awaitMatching(presence(room, "join", slowId), TIMEOUT);
        // From here on the slow member never reads.

        int sent = chatUntilGone(a, b, room, Set.of(slowId));

        assertHealthyGotEverything(List.of(a, b), room, sent);

        // The slow member: a gap-free prefix of the room's messages, then Close 1013 (or the end of the stream).
        RawSocketClient.Ending ending = slow.readUntilClosed(Duration.ofSeconds(5));
        assertThat(ending.failure() == null || ending.eof()).as("ended: " + ending.failure()).isTrue();
        List<Long> slowSeqs = ending.json().stream()
                .filter(chatIn(room))
                .map(m -> m.get("seq").longValue()).toList();
        assertThat(slowSeqs).as("what the slow member got before being cut off")
                .containsExactlyElementsOf(ChatMessages.range(1, slowSeqs.size()));
        assertThat(slowSeqs.size()).isLessThan(sent);
        if (ending.close() != null) {
            assertThat(ending.closeCode()).as("close code").isEqualTo(1013);
        } else {
            assertThat(ending.eof()).as("connection ended").isTrue();
        }
        System.out.printf("slow consumer: %d messages sent, %d reached it, ended with %s%n", sent, slowSeqs.size(),
                ending.close() != null ? "Close " + ending.closeCode() : "EOF (" + ending.failure() + ")");
    }

    @Test
    void slowMembersThatKeepSendingAreClosedWithoutStallingTheRoom() throws Exception {
        String room = ChatClients.room("slow-talkers");
        ChatClient a = clients.connect("healthy-a");
        ChatClient b = clients.connect("healthy-b");
        a.joinAndAwait(room);
        b.joinAndAwait(room);

        // Members that stop reading but keep sending (danmaku, so that what they send does not
        // flood the healthy members: over the room's danmaku budget it is refused as room_busy).
        Set<String> slowIds = new LinkedHashSet<>();
        List<RawSocketClient> talkers = new ArrayList<>();
        for (int i = 0; i < SLOW_TALKERS; i++) {
            RawSocketClient talker = clients.connectRaw("talker-" + i, 4096);
            String id = text(talker.readJson().get("user"), "id");
            talker.sendJson(command("join", "room", room));
            assertThat(text(talker.readJson(), "type")).isEqualTo("joined");
            a.awaitMatching(presence(room, "join", id), TIMEOUT);
            slowIds.add(id);
            talkers.add(talker);
        }
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> writers = new ArrayList<>();
        for (RawSocketClient talker : talkers) {
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        talker.sendJson(command("send", "room", room, "text", "d" + i, "kind", "danmaku"));
                        Thread.sleep(1); // about a thousand a second each: busy, without starving the server
                    }
                } catch (IOException | InterruptedException e) {
                    // the server closed it
                }
            }, "talker-writer");
            writer.setDaemon(true);
            writer.start();
            writers.add(writer);
        }
        int sent;
        try {
            sent = chatUntilGone(a, b, room, slowIds);
        } finally {
            stop.set(true);
        }
        assertThat(ServerThreads.deadlocks()).as("deadlocked threads").isEmpty();
        assertHealthyGotEverything(List.of(a, b), room, sent);
        for (RawSocketClient talker : talkers) {
            talker.close();
        }
        for (Thread writer : writers) {
            writer.join(Duration.ofSeconds(5));
        }
    }

    // ------------------------------------------------------------------ helpers

    /**
     * a and b chat in batches of maximum-size messages until the server has given up on every
     * slow member (a saw each one leave), plus one more batch; every batch must be acknowledged,
     * so a stalled room fails here (with a report of any deadlocked threads). Besides a slow
     * member's 256 KB queue, the server's kernel send buffer (autotuned, often megabytes) has to
     * fill first, so the amount needed depends on the machine: bounded by bytes and time.
     * Returns the number of messages sent.
     */
    private static int chatUntilGone(ChatClient a, ChatClient b, String room, Set<String> slowIds) {
        // CJK text: 2000 characters (UTF-16 units and code points alike) are about 6 KB of UTF-8.
        String filler = "\u5b57".repeat(1990);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        long bytes = 0;
        int sent = 0;
        int extra = -1;
        while (bytes < MAX_BYTES && extra < AFTERWARDS && System.nanoTime() < deadline) {
            String lastOfA = null;
            String lastOfB = null;
            for (int i = 0; i < BATCH; i++) {
                String ref = "m" + (++sent);
                String text = ref + " " + filler;
                if (sent % 2 == 1) {
                    a.chat(room, text, ref);
                    lastOfA = ref;
                } else {
                    b.chat(room, text, ref);
                    lastOfB = ref;
                }
                bytes += text.getBytes(StandardCharsets.UTF_8).length;
            }
            try {
                a.awaitMatching(ack(lastOfA), TIMEOUT); // acks come in the order of the sends
                b.awaitMatching(ack(lastOfB), TIMEOUT);
            } catch (AssertionError e) {
                throw new AssertionError("The room stalled after " + sent + " messages; deadlocked threads: "
                        + ServerThreads.deadlocks(), e);
            }
            a.clearPending(); // everything stays in received(); keeps the pending scans short
            b.clearPending();
            if (extra >= 0) {
                extra += BATCH;
            } else if (slowIds.stream().allMatch(id -> !a.received(presence(room, "leave", id)).isEmpty())) {
                extra = 0;
            }
        }
        assertThat(extra).as("every slow member was dropped within %d MB of chat (%d KB sent)",
                MAX_BYTES / (1024 * 1024), bytes / 1024).isGreaterThanOrEqualTo(0);
        for (String id : slowIds) {
            b.awaitReceived(presence(room, "leave", id), 1, TIMEOUT);
        }
        return sent;
    }

    /**
     * The healthy members: every chat message, 1..sent, in one identical order, each sender's own
     * in the order it sent them (a sent the odd ones, b the even ones, concurrently), still connected.
     */
    private static void assertHealthyGotEverything(List<ChatClient> healthy, String room, int sent) {
        List<String> reference = null;
        for (ChatClient member : healthy) {
            List<JsonNode> got = member.awaitReceived(chatIn(room), sent, Duration.ofSeconds(10));
            assertThat(ChatMessages.seqs(got)).as(member + " seqs").containsExactlyElementsOf(ChatMessages.range(1, sent));
            List<String> refs = got.stream().map(m -> text(m, "text").split(" ")[0]).toList();
            assertThat(refs).as(member + " got every message once").containsExactlyInAnyOrderElementsOf(
                    ChatMessages.range(1, sent).stream().map(n -> "m" + n).toList());
            for (int parity = 0; parity < 2; parity++) {
                int p = parity;
                assertThat(refs.stream().map(r -> Integer.parseInt(r.substring(1))).filter(n -> n % 2 == p).toList())
                        .as(member + ": one sender's messages in its order").isSorted();
            }
            if (reference == null) {
                reference = refs;
            } else {
                assertThat(refs).as(member + " sees the same order").isEqualTo(reference);
            }
            assertThat(member.isOpen()).as(member + " closed with " + member.closeCode()).isTrue();
        }
    }
}
