package io.roomwire.cluster;

import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatMessages.chatIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.auth.Tokens;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.NodeProcess;
import io.roomwire.testsupport.RedisServer;
import io.roomwire.testsupport.RequiresRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

/**
 * Token mode across two real nodes and a real Redis (docs/protocol.md, "Signed identities"): both
 * nodes verify the same tokens, a private room granted by a token is shared across nodes and refused
 * to a token that does not grant it, and a signed user who reconnects to the other node with its
 * {@code session} stays the same user whose resent {@code ref} de-duplicates.
 */
@RequiresRedis
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterTokenModeTests {

    private static final String SECRET = "cluster-token-secret-of-32-bytes-or-more";

    private RedisServer redis;
    private NodeProcess a;
    private NodeProcess b;
    private final List<ChatClient> clients = new ArrayList<>();

    @BeforeAll
    void startCluster() {
        redis = RedisServer.launch(RedisServer.Persistence.NONE);
        String[] token = {"roomwire.auth.mode=token", "roomwire.auth.hmac-secret=" + SECRET,
                "roomwire.chat.private-rooms=team-.*"};
        NodeProcess[] nodes = ClusterNodes.startPair("tok-a", "tok-b", redis, token);
        a = nodes[0];
        b = nodes[1];
    }

    @AfterAll
    void stopCluster() {
        clients.forEach(ChatClient::close);
        ClusterNodes.closeQuietly(a, b, redis);
    }

    private static String token(String user, String... rooms) {
        return Tokens.hs256(SECRET, Tokens.withRooms(Tokens.claims(user, 600), rooms));
    }

    private ChatClient connect(NodeProcess node, String... query) {
        ChatClient client = ChatClient.connect(node.port(), ChatClient.query(query));
        clients.add(client);
        return client;
    }

    @Test
    void signedUsersShareAPrivateRoomAcrossNodesAndKeepTheirIdentityOnTheOther() {
        ChatClient ann = connect(a, "token", token("ann", "team-*"));
        ChatClient bob = connect(b, "token", token("bob", "team-red"));
        ChatClient eve = connect(b, "token", token("eve", "other-*"));
        ann.joinAndAwait("team-red");
        bob.joinAndAwait("team-red");
        eve.send(ChatClient.command("join", "room", "team-red", "ref", "j1"));
        eve.awaitError("j1", "forbidden");

        long seq = ann.chatAndAwaitAck("team-red", "across nodes", "a1").get("seq").longValue();
        JsonNode atBob = bob.awaitMatching(chatIn("team-red"), TIMEOUT);
        assertThat(atBob.get("from").get("id").stringValue()).isEqualTo("ann");

        // Ann's node goes away for her: she comes back on node B with her session and the same token.
        String session = ann.session();
        ann.close();
        ChatClient again = connect(b, "token", token("ann", "team-*"), "session", session);
        assertThat(again.userId()).isEqualTo("ann");
        again.joinAndAwait("team-red", seq);
        assertThat(again.chatAndAwaitAck("team-red", "across nodes", "a1").get("seq").longValue())
                .as("the resent ref keeps its seq").isEqualTo(seq);
    }
}
