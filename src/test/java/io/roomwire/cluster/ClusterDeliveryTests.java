package io.roomwire.cluster;

import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.ack;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static io.roomwire.testsupport.ChatMessages.is;
import static io.roomwire.testsupport.ChatMessages.presence;
import static io.roomwire.testsupport.ChatMessages.range;
import static io.roomwire.testsupport.ChatMessages.seqs;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.AdminCredential;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.NodeProcess;
import io.roomwire.testsupport.RedisServer;
import io.roomwire.testsupport.RequiresRedis;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Two real RoomWire nodes (separate JVMs) and a real redis-server: members on both nodes see one
 * chat (docs/architecture.md, "Cluster"): one seq per room, every message once and in order, presence
 * and moderation across nodes, and pub/sub loss repaired from the stream.
 */
@RequiresRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterDeliveryTests {

    private static final Duration LONG = Duration.ofSeconds(15);
    private static final Duration IDENTITY_TTL = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private RedisServer redis;
    private NodeProcess a;
    private NodeProcess b;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        redis = RedisServer.launch(RedisServer.Persistence.NONE);
        // Short resume-token TTLs, so a test can outlive one (resumes in these tests are immediate).
        String[] ttl = {"roomwire.chat.resume-window=2s", "roomwire.cluster.identity-ttl=" + IDENTITY_TTL.toMillis() + "ms"};
        NodeProcess[] nodes = ClusterNodes.startPair("node-a", "node-b", redis, ttl);
        a = nodes[0];
        b = nodes[1];
    }

    @AfterEach
    void closeClients() {
        clients.forEach(ChatClient::close);
        clients.clear();
    }

    @AfterAll
    void stopCluster() {
        ClusterNodes.closeQuietly(a, b, redis);
    }

    private ChatClient connect(NodeProcess node, String name) {
        ChatClient client = ChatClient.connect(node.port(), name);
        clients.add(client);
        return client;
    }

    @Test
    void concurrentSendersOnBothNodesProduceOneSequenceSeenInOrderByEveryMember() throws Exception {
        String room = "one-sequence";
        ChatClient senderA = connect(a, "sender-a");
        ChatClient senderB = connect(b, "sender-b");
        ChatClient readerA = connect(a, "reader-a");
        ChatClient readerB = connect(b, "reader-b");
        for (ChatClient c : List.of(senderA, senderB, readerA, readerB)) {
            c.joinAndAwait(room);
        }
        int each = 40;
        CompletableFuture<Void> fromA = CompletableFuture.runAsync(() -> sendMany(senderA, room, "a", each));
        CompletableFuture<Void> fromB = CompletableFuture.runAsync(() -> sendMany(senderB, room, "b", each));
        CompletableFuture.allOf(fromA, fromB).get(60, TimeUnit.SECONDS);

        Set<Long> ackedSeqs = new HashSet<>();
        Map<Long, String> textBySeq = new HashMap<>();
        for (ChatClient sender : List.of(senderA, senderB)) {
            String prefix = sender == senderA ? "a" : "b";
            for (int i = 1; i <= each; i++) {
                JsonNode ack = sender.awaitMatching(ack(prefix + i), LONG);
                long seq = ack.get("seq").longValue();
                assertThat(ackedSeqs.add(seq)).as("seq %d acked once", seq).isTrue();
                textBySeq.put(seq, prefix + "-" + i);
            }
        }
        assertThat(ackedSeqs).containsExactlyInAnyOrderElementsOf(range(1, 2L * each));
        for (ChatClient reader : List.of(readerA, readerB, senderA, senderB)) {
            List<JsonNode> seen = reader.awaitReceived(chatIn(room), 2 * each, LONG);
            assertThat(seqs(seen)).as("%s sees 1..N in order, each once", reader).containsExactlyElementsOf(
                    range(1, 2L * each));
            for (JsonNode m : seen) {
                assertThat(m.get("text").stringValue()).as("the text the ack's seq stands for")
                        .isEqualTo(textBySeq.get(m.get("seq").longValue()));
            }
        }
    }

    private static void sendMany(ChatClient sender, String room, String prefix, int count) {
        for (int i = 1; i <= count; i++) {
            sender.chat(room, prefix + "-" + i, prefix + i);
        }
    }

    @Test
    void aKilledPubSubConnectionLosesNothingTheStreamHolds() throws Exception {
        String room = "pubsub-kill";
        ChatClient sender = connect(a, "writer");
        ChatClient reader = connect(b, "listener");
        sender.joinAndAwait(room);
        reader.joinAndAwait(room);
        int total = 150;
        for (int i = 1; i <= total; i++) {
            sender.chat(room, "m" + i, "k" + i);
            if (i == total / 3 || i == 2 * total / 3) {
                Object killed = redis.command("CLIENT", "KILL", "TYPE", "pubsub");
                assertThat(((Number) killed).longValue()).as("subscribers cut").isPositive();
                Thread.sleep(600); // Lettuce reconnects and resubscribes by itself meanwhile
            }
        }
        sender.awaitMatching(ack("k" + total), LONG);
        for (ChatClient c : List.of(reader, sender)) {
            List<JsonNode> seen = c.awaitReceived(chatIn(room), total, LONG);
            assertThat(seqs(seen)).as("%s: the gap is filled from the stream, nothing repeated", c)
                    .containsExactlyElementsOf(range(1, total));
        }
        Thread.sleep(700); // two heartbeats: a late catch-up must not repeat anything
        assertThat(seqs(reader.received(chatIn(room)))).containsExactlyElementsOf(range(1, total));
    }

    @Test
    void presenceCoversMembersOnEveryNode() {
        String room = "presence";
        ChatClient ann = connect(a, "ann");
        JsonNode first = ann.joinAndAwait(room);
        assertThat(first.get("count").intValue()).isEqualTo(1);
        ChatClient bob = connect(b, "bob");
        JsonNode second = bob.joinAndAwait(room);
        assertThat(second.get("count").intValue()).as("count across nodes").isEqualTo(2);
        List<String> roster = new ArrayList<>();
        second.get("members").forEach(m -> roster.add(m.get("id").stringValue()));
        assertThat(roster).containsExactlyInAnyOrder(ann.userId(), bob.userId());
        ann.awaitMatching(presence(room, "join", bob.userId()), TIMEOUT);

        JsonNode rooms = getJson(b, "/api/rooms", false);
        List<String> listed = new ArrayList<>();
        rooms.get("rooms").forEach(r -> listed.add(r.get("name").stringValue() + "=" + r.get("members").intValue()));
        assertThat(listed).contains(room + "=2");

        bob.send(ChatClient.command("leave", "room", room));
        bob.awaitMatching(is("left", room), TIMEOUT);
        JsonNode left = ann.awaitMatching(presence(room, "leave", bob.userId()), TIMEOUT);
        assertThat(left.get("count").intValue()).isEqualTo(1);
    }

    @Test
    void operatorsOnOneNodeActOnMembersOfTheOther() throws Exception {
        String room = "moderated";
        ChatClient mod = connect(a, "watcher");
        ChatClient eve = connect(b, "eve");
        mod.joinAndAwait(room);
        eve.joinAndAwait(room);
        JsonNode ack = eve.chatAndAwaitAck(room, "hello", "e1");
        long seq = ack.get("seq").longValue();
        mod.awaitMatching(chatIn(room), TIMEOUT);

        // mute on node A, refused on node B
        assertThat(call(a, "POST", "/api/admin/rooms/" + room + "/mutes",
                "{\"userId\":\"" + eve.userId() + "\",\"durationSeconds\":60}").statusCode()).isEqualTo(201);
        eve.chat(room, "muted?", "e2");
        eve.awaitError("e2", "muted");
        assertThat(call(a, "DELETE", "/api/admin/rooms/" + room + "/mutes/" + eve.userId(), null).statusCode())
                .isEqualTo(204);

        // slow mode set on A holds for a member of B
        assertThat(call(a, "PATCH", "/api/admin/rooms/" + room + "/settings", "{\"slowModeSeconds\":30}")
                .statusCode()).isEqualTo(200);
        eve.chatAndAwaitAck(room, "first in slow mode", "e3");
        eve.chat(room, "too soon", "e4");
        eve.awaitError("e4", "slow_mode");

        // delete on A: both nodes tell their members, history keeps a tombstone
        assertThat(call(a, "DELETE", "/api/admin/rooms/" + room + "/messages/" + seq, null).statusCode()).isEqualTo(204);
        eve.awaitMatching(is("deleted", room), TIMEOUT);
        mod.awaitMatching(is("deleted", room), TIMEOUT);
        JsonNode tombstone = eve.history(room, null, 10).getFirst();
        assertThat(tombstone.get("seq").longValue()).isEqualTo(seq);
        assertThat(tombstone.path("deleted").booleanValue()).isTrue();

        // a notice to the room from A reaches B's member
        assertThat(call(a, "POST", "/api/admin/rooms/" + room + "/notices", "{\"text\":\"be nice\"}").statusCode())
                .isEqualTo(202);
        assertThat(eve.awaitMatching(is("notice"), TIMEOUT).get("text").stringValue()).isEqualTo("be nice");

        // the connection list on A shows B's connection; kick and disconnect act on it
        // Node B's connections reach node A with B's next heartbeat snapshot.
        JsonNode connections = getJson(a, "/api/admin/connections?user=" + eve.userId(), true);
        for (long deadline = System.nanoTime() + LONG.toNanos();
                connections.get("items").isEmpty() && System.nanoTime() < deadline; ) {
            Thread.sleep(100);
            connections = getJson(a, "/api/admin/connections?user=" + eve.userId(), true);
        }
        String eveConnection = connections.get("items").get(0).get("id").stringValue();
        assertThat(eveConnection).startsWith("node-b.");
        assertThat(call(a, "DELETE", "/api/admin/rooms/" + room + "/members/" + eve.userId(), null).statusCode())
                .isEqualTo(204);
        JsonNode left = eve.awaitMatching(is("left", room), TIMEOUT);
        assertThat(left.get("reason").stringValue()).isEqualTo("kicked");
        mod.awaitMatching(presence(room, "leave", eve.userId()), TIMEOUT);
        assertThat(call(a, "DELETE", "/api/admin/connections/" + eveConnection, null).statusCode()).isEqualTo(204);
        assertThat(eve.awaitClose(TIMEOUT)).isEqualTo(4001);
    }

    @Test
    void theAdminRoomListOnOneNodeShowsARoomHeldOnlyByTheOtherWithoutHoldingIt() {
        String room = "listed-elsewhere";
        long before = System.currentTimeMillis();
        ChatClient ann = connect(a, "ann");
        ann.joinAndAwait(room);
        ann.chatAndAwaitAck(room, "one", "l1");
        ann.chatAndAwaitAck(room, "two", "l2");

        JsonNode list = getJson(b, "/api/admin/rooms?sort=name&direction=asc&size=100", true);
        JsonNode line = null;
        for (JsonNode item : list.get("items")) {
            if (item.get("name").stringValue().equals(room)) {
                line = item;
            }
        }
        assertThat(line).as("node B lists the room of node A's member").isNotNull();
        assertThat(line.get("members").intValue()).isEqualTo(1);
        assertThat(line.get("latestSeq").longValue()).isEqualTo(2);
        assertThat(line.get("historySize").intValue()).isEqualTo(2);
        assertThat(line.get("lastActivity").longValue()).as("the last message, from Redis")
                .isBetween(before - 1_000, System.currentTimeMillis() + 1_000);
        List<String> heldOnB = new ArrayList<>();
        getJson(b, "/actuator/roomwire", true).get("topRooms").forEach(r -> heldOnB.add(r.get("name").stringValue()));
        assertThat(heldOnB).as("listing does not make node B hold the room").doesNotContain(room);
    }

    @Test
    void aModeratorAndAPrivateSettingMadeOnOneNodeHoldOnTheOther() throws Exception {
        String room = "guarded";
        ChatClient ann = connect(a, "ann");
        ChatClient bob = connect(b, "bob");
        ann.joinAndAwait(room);
        bob.joinAndAwait(room);

        // Node B's admin API makes ann (a member on node A) a moderator of the room.
        assertThat(call(b, "PUT", "/api/admin/rooms/" + room + "/moderators/" + ann.userId(), null).statusCode())
                .isEqualTo(204);
        ann.send(ChatClient.command("mute", "room", room, "user", bob.userId(), "seconds", 60, "ref", "m1"));
        assertThat(ann.awaitMatching(is("moderated"), TIMEOUT).get("action").stringValue()).isEqualTo("mute");
        bob.chat(room, "hi", "b1");
        bob.awaitError("b1", "muted");

        // Private from node A: a guest joining on node B is refused by the join script.
        assertThat(call(a, "PATCH", "/api/admin/rooms/" + room + "/settings", "{\"privateRoom\":true}").statusCode())
                .isEqualTo(200);
        ChatClient carol = connect(b, "carol");
        carol.send(ChatClient.command("join", "room", room, "ref", "j1"));
        carol.awaitError("j1", "forbidden");
        JsonNode rooms = getJson(b, "/api/rooms", false);
        rooms.get("rooms").forEach(r -> assertThat(r.get("name").stringValue()).isNotEqualTo(room));
    }

    @Test
    void aResumeTokenWorksOnTheOtherNodeAndItsRefsStillDeduplicate() {
        String room = "resume";
        ChatClient first = connect(a, "roamer");
        first.joinAndAwait(room);
        long seq = first.chatAndAwaitAck(room, "once", "r1").get("seq").longValue();
        String session = first.session();
        String user = first.userId();
        first.close();

        ChatClient again = ChatClient.connect(b.port(), ChatClient.query("name", "roamer", "session", session));
        clients.add(again);
        assertThat(again.userId()).as("same user on the other node").isEqualTo(user);
        again.joinAndAwait(room, seq);
        JsonNode ack = again.chatAndAwaitAck(room, "once", "r1");
        assertThat(ack.get("seq").longValue()).as("the resend is acknowledged with the original seq").isEqualTo(seq);
        assertThat(seqs(again.history(room, null, 50))).containsExactly(seq);
    }

    @Test
    void aConnectionThatOutlivesTheTokenTtlKeepsItsTokenResumableElsewhere() throws Exception {
        ChatClient longLived = connect(a, "stayer");
        String key = "rw:identity:" + longLived.session();
        assertThat(((Number) redis.command("PTTL", key)).longValue()).as("saved at connect").isPositive();

        Thread.sleep(IDENTITY_TTL.toMillis() + 1_500); // the first TTL is over; node A's heartbeat renewed it

        assertThat(((Number) redis.command("PTTL", key)).longValue()).as("renewed while connected").isPositive();
        longLived.close();
        long deadline = System.nanoTime() + LONG.toNanos();
        long ttl = ((Number) redis.command("PTTL", key)).longValue();
        while (ttl < IDENTITY_TTL.toMillis() - 1_000 && System.nanoTime() < deadline) { // the disconnect's write
            Thread.sleep(20);
            ttl = ((Number) redis.command("PTTL", key)).longValue();
        }
        assertThat(ttl).as("the window starts again at the disconnect").isGreaterThan(IDENTITY_TTL.toMillis() - 1_000);
        ChatClient again = ChatClient.connect(b.port(), ChatClient.query("name", "stayer", "session", longLived.session()));
        clients.add(again);
        assertThat(again.userId()).as("same user on the other node").isEqualTo(longLived.userId());
    }

    private static JsonNode getJson(NodeProcess node, String path, boolean admin) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(node.baseUri().resolve(path)).timeout(TIMEOUT);
            if (admin) {
                request.header("Authorization", AdminCredential.basic());
            }
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
            return ChatClient.JSON.readTree(response.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<String> call(NodeProcess node, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(node.baseUri() + path)).timeout(TIMEOUT)
                .header("Authorization", AdminCredential.basic()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
