package io.roomwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatServer;
import io.roomwire.testsupport.NodeWs;
import io.roomwire.websocket.WebSocketSession;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * A real compressing client (Node's {@code ws} with {@code perMessageDeflate}) and an uncompressed
 * one (the JDK's {@code HttpClient}) chat in one room with {@code roomwire.websocket.deflate.mode=shared}:
 * each reads the other's long message, the Node client's arrives compressed (far fewer bytes on the
 * wire than the text), and the JDK client's connection negotiated nothing.
 */
@ChatServer
@TestPropertySource(properties = {"roomwire.websocket.deflate.mode=shared", "roomwire.websocket.deflate.min-size=32B"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeflateNodeClientTests {

    private static final Duration WAIT = Duration.ofSeconds(15);
    /** The shared mode's answer to ws's offer ({@code permessage-deflate; client_max_window_bits}). */
    private static final String SHARED_ANSWER =
            "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @LocalServerPort
    int port;

    @Autowired
    ConnectionRegistry connections;

    @Test
    void nodeWsWithCompressionChatsWithAnUncompressedJdkClient() throws Exception {
        String room = ChatClients.room("deflate");
        String fromCarol = "from-carol " + "the quick brown fox jumps over the lazy dog ".repeat(30).strip();
        String fromNode = "from-node " + "pack my box with five dozen liquor jugs ".repeat(30).strip();
        try (ChatClients clients = new ChatClients(port);
                NodeWs node = NodeWs.run("src/test/node/deflate-chat-client.mjs",
                        "ws://127.0.0.1:" + port + "/ws?name=NodeyDeflate", room, fromNode)) {
            assertThat(node.nextLine(WAIT)).as("ws accepted the answer").isEqualTo("hello permessage-deflate");
            assertThat(node.nextLine(WAIT)).isEqualTo("joined");
            // Looked up now: the script closes as soon as it has its ack. A closed session still answers.
            WebSocketSession nodeSession = session("NodeyDeflate");
            ChatClient carol = clients.connect("CarolDeflate");
            carol.joinAndAwait(room);
            WebSocketSession carolSession = session("CarolDeflate");

            carol.chatAndAwaitAck(room, fromCarol, "carol-1");
            assertThat(node.nextLine(WAIT)).isEqualTo("message " + fromCarol);
            carol.awaitMatching(m -> "message".equals(m.path("type").stringValue())
                    && fromNode.equals(m.path("text").stringValue()), WAIT);
            assertThat(node.nextLine(WAIT)).isEqualTo("ack");

            assertThat(nodeSession.extensions()).isEqualTo(SHARED_ANSWER);
            assertThat(carolSession.extensions()).as("the JDK client offers no extension").isNull();
            // Node compressed its commands: the long send arrived in far fewer bytes than its text.
            assertThat(nodeSession.traffic().bytesIn()).isLessThan(fromNode.length() / 2);
            // And read Carol's message compressed: fewer bytes went out to it than to Carol.
            assertThat(nodeSession.traffic().bytesOut()).isLessThan(carolSession.traffic().bytesOut() / 2);

            assertThat(node.nextLine(WAIT)).isEqualTo("closed 1000");
            assertThat(node.exitCode(WAIT)).isZero();
        }
    }

    private WebSocketSession session(String name) {
        return connections.all().stream().filter(c -> c.user().name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not connected")).session();
    }
}
