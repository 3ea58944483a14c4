package io.roomwire.cluster;

import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.list;
import static io.roomwire.testsupport.ChatMessages.presence;
import static io.roomwire.testsupport.ChatMessages.range;
import static io.roomwire.testsupport.ChatMessages.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.NodeProcess;
import io.roomwire.testsupport.RedisServer;
import io.roomwire.testsupport.RequiresRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Failures as they happen: a node killed with SIGKILL mid-stream, Redis stopped and restarted with
 * and without persistence. Real processes, loopback only, everything bounded.
 */
@RequiresRedis
@Timeout(value = 150, unit = TimeUnit.SECONDS)
class ClusterFailureTests {

    private static final Duration LONG = Duration.ofSeconds(15);

    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeAll() {
        for (AutoCloseable r : resources.reversed()) {
            try {
                r.close();
            } catch (Exception e) {
                // best effort
            }
        }
    }

    private <T extends AutoCloseable> T keep(T resource) {
        resources.add(resource);
        return resource;
    }

    @Test
    void aNodeKilledMidStreamLosesNoAckedMessageAndItsClientsRecoverOnTheOther() throws Exception {
        RedisServer redis = keep(RedisServer.launch(RedisServer.Persistence.NONE));
        CompletableFuture<NodeProcess> startA = CompletableFuture.supplyAsync(() -> ClusterNodes.start("doomed", redis));
        NodeProcess b = keep(ClusterNodes.start("survivor", redis));
        NodeProcess a = keep(startA.join());
        String room = "failover";
        ChatClient observer = keep(ChatClient.connect(b.port(), "observer"));
        observer.joinAndAwait(room);
        ChatClient sender = keep(ChatClient.connect(a.port(), "sender"));
        sender.joinAndAwait(room);
        String oldUser = sender.userId();

        int total = 40;
        Map<String, String> texts = new LinkedHashMap<>();
        for (int i = 1; i <= total; i++) {
            texts.put("f" + i, "msg-" + i);
        }
        int sent = 0;
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (sent == total / 2) {
                a.kill(); // SIGKILL: no close frames, no goodbye to Redis
            }
            try {
                sender.chat(room, e.getValue(), e.getKey());
                sent++;
            } catch (IllegalStateException closed) {
                break;
            }
        }
        sender.awaitClose(LONG);
        List<String> acked = new ArrayList<>();
        long lastSeen = 0;
        for (JsonNode m : sender.received(node -> true)) {
            String type = m.path("type").stringValue("");
            if (type.equals("ack")) {
                acked.add(m.get("ref").stringValue());
            } else if (type.equals("message")) {
                lastSeen = m.get("seq").longValue();
            }
        }

        // The client reconnects to the survivor with its session and position, and resends what was not acked.
        ChatClient again = keep(ChatClient.connect(b.port(), ChatClient.query("name", "sender", "session", sender.session())));
        assertThat(again.userId()).isEqualTo(oldUser);
        JsonNode joined = again.joinAndAwait(room, lastSeen);
        assertThat(joined.get("recovered").booleanValue()).as("everything after since is recovered").isTrue();
        for (Map.Entry<String, String> e : texts.entrySet()) {
            if (!acked.contains(e.getKey())) {
                again.chat(room, e.getValue(), e.getKey());
            }
        }
        for (String ref : texts.keySet()) {
            if (!acked.contains(ref)) {
                again.awaitMatching(ack(ref), LONG);
            }
        }

        List<JsonNode> history = again.history(room, null, 200);
        assertThat(seqs(history)).as("gap-free history").containsExactlyElementsOf(range(1, total));
        assertThat(history.stream().map(m -> m.get("text").stringValue()).toList())
                .as("every message exactly once").containsExactlyInAnyOrderElementsOf(texts.values());
        List<JsonNode> seen = observer.awaitReceived(chatIn(room), total, LONG);
        assertThat(seqs(seen)).as("the observer never noticed").containsExactlyElementsOf(range(1, total));
        assertThat(observer.isOpen()).isTrue();
        // The dead node's member leaves within the node TTL plus a few heartbeats.
        observer.awaitMatching(presence(room, "leave", oldUser), Duration.ofMillis(ClusterNodes.NODE_TTL_MILLIS + 8000));
        JsonNode count = keep(ChatClient.connect(b.port(), "counter")).joinAndAwait(room);
        assertThat(count.get("count").intValue()).as("observer, the resumed sender and the counter").isEqualTo(3);
    }

    @Test
    void aRedisRestartWithoutPersistenceFailsSendsCleanlyThenStartsANewEpoch() throws Exception {
        RedisServer redis = keep(RedisServer.launch(RedisServer.Persistence.NONE));
        NodeProcess node = keep(ClusterNodes.start("lonely", redis));
        String room = "volatile";
        ChatClient ann = keep(ChatClient.connect(node.port(), "ann"));
        JsonNode joined = ann.joinAndAwait(room);
        long epoch = joined.get("epoch").longValue();
        for (int i = 1; i <= 3; i++) {
            ann.chatAndAwaitAck(room, "before " + i, "b" + i);
        }
        ann.awaitReceived(chatIn(room), 3, TIMEOUT);

        redis.stop();
        ann.chat(room, "while down", "down1");
        ann.awaitError("down1", "unavailable");
        awaitReadiness(node, 503);
        assertThat(ann.isOpen()).as("connections stay open").isTrue();

        redis.start(RedisServer.Persistence.NONE);
        awaitReadiness(node, 200);
        long seq = ann.chatAndAwaitAck(room, "after", "a1").get("seq").longValue();
        assertThat(seq).as("seq keeps increasing past what was delivered").isGreaterThan(3);
        assertThat(seqs(ann.awaitReceived(chatIn(room), 4, LONG)).getLast()).isEqualTo(seq);

        ChatClient bob = keep(ChatClient.connect(node.port(), "bob"));
        JsonNode rejoined = joinRetryingWhileUnavailable(bob, ChatClient.command("join", "room", room, "since", 2L,
                "epoch", epoch));
        assertThat(rejoined.get("epoch").longValue()).as("a new epoch").isNotEqualTo(epoch);
        assertThat(rejoined.get("recovered").booleanValue()).as("positions of the lost epoch cannot be recovered")
                .isFalse();
        assertThat(rejoined.get("count").intValue()).as("the node wrote its members back").isEqualTo(2);
    }

    @Test
    void aRedisRestartWithAppendOnlyPersistenceKeepsHistoryAndEpoch() throws Exception {
        RedisServer redis = keep(RedisServer.launch(RedisServer.Persistence.AOF));
        NodeProcess node = keep(ClusterNodes.start("durable", redis));
        String room = "durable";
        ChatClient ann = keep(ChatClient.connect(node.port(), "ann"));
        long epoch = ann.joinAndAwait(room).get("epoch").longValue();
        for (int i = 1; i <= 3; i++) {
            ann.chatAndAwaitAck(room, "kept " + i, "k" + i);
        }
        redis.stop();
        ann.chat(room, "while down", "down1");
        ann.awaitError("down1", "unavailable");
        redis.start(RedisServer.Persistence.AOF);
        awaitReadiness(node, 200);

        ChatClient bob = keep(ChatClient.connect(node.port(), "bob"));
        JsonNode joined = joinRetryingWhileUnavailable(bob, ChatClient.command("join", "room", room, "since", 1L,
                "epoch", epoch));
        assertThat(joined.get("epoch").longValue()).isEqualTo(epoch);
        assertThat(joined.get("recovered").booleanValue()).isTrue();
        assertThat(seqs(list(joined.get("history")))).containsExactly(2L, 3L);
        assertThat(ann.chatAndAwaitAck(room, "next", "n1").get("seq").longValue()).isEqualTo(4);
    }

    /** Joins as a client should: an {@code unavailable} answer (Redis still reconnecting) is retried. */
    private static JsonNode joinRetryingWhileUnavailable(ChatClient client, ObjectNode join)
            throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (true) {
            client.clearPending();
            client.send(join);
            JsonNode reply = client.awaitMatching(m -> m.path("type").stringValue("").equals("joined")
                    || m.path("type").stringValue("").equals("error"), TIMEOUT);
            if (reply.path("type").stringValue("").equals("joined") || System.nanoTime() > deadline) {
                return reply;
            }
            assertThat(reply.path("code").stringValue("")).isEqualTo("unavailable");
            Thread.sleep(200);
        }
    }

    private static void awaitReadiness(NodeProcess node, int status) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        int last = -1;
        while (System.nanoTime() < deadline) {
            last = node.readiness();
            if (last == status) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(last).as("readiness of " + node).isEqualTo(status);
    }
}
