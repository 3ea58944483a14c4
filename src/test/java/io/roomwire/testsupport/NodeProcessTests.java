package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A node in a JVM of its own, in the default in-memory mode, through its whole life in one test
 * (each start costs seconds): it serves WebSockets, pauses and resumes, stops gracefully (its
 * clients get 1001), starts again on the same port, and after SIGKILL its clients lose the TCP
 * connection without a close frame and its port is closed.
 */
class NodeProcessTests {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    @Test
    void servesWebSocketsPausesStopsRestartsAndDiesOnSigkill() throws IOException {
        try (NodeProcess node = NodeProcess.launch("a")) {
            int port = node.port();
            assertThat(node.wsUri()).hasToString("ws://127.0.0.1:" + port + "/ws");
            assertThat(node.readiness()).isEqualTo(200);

            ChatClient alice = ChatClient.connect(port, ChatClient.query("name", "alice"));
            assertThat(alice.userName()).isEqualTo("alice");
            alice.joinAndAwait("lobby");

            node.pause();
            assertThat(node.readiness()).as("a stopped JVM answers nothing").isEqualTo(-1);
            node.resume();
            assertThat(node.readiness()).isEqualTo(200);

            assertThat(node.stop()).as("exit value after SIGTERM").isEqualTo(143);
            assertThat(alice.awaitClose(CLOSE_WAIT)).as("graceful shutdown: going away").isEqualTo(1001);
            assertThat(ChildProcesses.accepts(port)).as("port after a graceful stop").isFalse();
            assertThat(Files.readString(node.log())).contains("Started RoomWireApplication");

            node.start();
            assertThat(node.port()).isEqualTo(port);
            ChatClient bob = ChatClient.connect(port, ChatClient.query("name", "bob"));
            bob.joinAndAwait("lobby");

            node.kill();
            assertThat(node.isRunning()).isFalse();
            // RFC 6455 §7.1.5: a connection closed without a Close frame reports 1006 (the JDK's
            // onClose); a reset may surface as a transport error instead (ChatClient's -1).
            assertThat(bob.awaitClose(CLOSE_WAIT)).as("after SIGKILL").isIn(1006, -1);
            assertThat(ChildProcesses.accepts(port)).as("port after SIGKILL").isFalse();
        }
    }
}
