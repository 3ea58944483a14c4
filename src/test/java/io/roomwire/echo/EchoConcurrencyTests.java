package io.roomwire.echo;

import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.EchoServer;
import io.roomwire.testsupport.CollectingListener;
import static io.roomwire.testsupport.CollectingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.Sessions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Many real clients at once: 200 JDK WebSocket clients each send 20 messages back to back and get
 * all 20 echoes, in order, on their own connection only; then every one closes cleanly and the
 * server forgets every session.
 */
@EchoServer
@Timeout(value = 45, unit = TimeUnit.SECONDS)
class EchoConcurrencyTests {

    private static final int CLIENTS = 200;
    private static final int MESSAGES = 20;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    @Autowired
    Sessions sessions;

    @Test
    void twoHundredClientsEachGetTheirTwentyEchoesInOrderAndCloseCleanly() throws InterruptedException {
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/echo");
        PrometheusScrape before = PrometheusScrape.of(port);
        int sessionsBefore = sessions.count();
        List<CollectingListener> listeners = new ArrayList<>();
        List<WebSocket> sockets = new ArrayList<>();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            try {
                List<CompletableFuture<WebSocket>> connecting = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    CollectingListener listener = new CollectingListener();
                    listeners.add(listener);
                    connecting.add(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, listener));
                }
                for (CompletableFuture<WebSocket> f : connecting) {
                    sockets.add(await(f, WAIT, "connect"));
                }
                assertThat(sessions.count()).as("live sessions").isGreaterThanOrEqualTo(CLIENTS);

                // Every client sends its 20 messages back to back (each send after the previous
                // completes, as the JDK client requires), all clients at the same time.
                List<CompletableFuture<?>> sending = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    WebSocket ws = sockets.get(c);
                    CompletableFuture<WebSocket> chain = CompletableFuture.completedFuture(ws);
                    for (int m = 0; m < MESSAGES; m++) {
                        String text = message(c, m);
                        chain = chain.thenCompose(w -> w.sendText(text, true));
                    }
                    sending.add(chain);
                }
                await(CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)), WAIT, "all sends");

                for (int c = 0; c < CLIENTS; c++) {
                    for (int m = 0; m < MESSAGES; m++) {
                        assertThat(listeners.get(c).nextText(WAIT)).as("client %d, echo %d", c, m).isEqualTo(message(c, m));
                    }
                }

                List<CompletableFuture<WebSocket>> closing = new ArrayList<>();
                for (WebSocket ws : sockets) {
                    closing.add(ws.sendClose(WebSocket.NORMAL_CLOSURE, "done"));
                }
                await(CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)), WAIT, "all sendClose");
                for (int c = 0; c < CLIENTS; c++) {
                    CollectingListener.Closed closed = listeners.get(c).awaitClose(WAIT);
                    assertThat(closed.code()).as("client %d close code", c).isEqualTo(WebSocket.NORMAL_CLOSURE);
                }
            } finally {
                sockets.forEach(WebSocket::abort);
            }
        }

        // The server releases every session and counts 200 opens and 200 normal closes; the close is
        // counted just after the echoed Close is written, so allow it a moment.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        PrometheusScrape after = PrometheusScrape.of(port);
        while ((sessions.count() > sessionsBefore
                || after.connectionsClosed(1000) - before.connectionsClosed(1000) < CLIENTS)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
            after = PrometheusScrape.of(port);
        }
        assertThat(sessions.count()).as("sessions left on the server").isLessThanOrEqualTo(sessionsBefore);
        assertThat(after.value("roomwire_connections_opened_total") - before.value("roomwire_connections_opened_total"))
                .as("roomwire_connections_opened_total").isEqualTo(CLIENTS);
        assertThat(after.connectionsClosed(1000) - before.connectionsClosed(1000))
                .as("roomwire_connections_closed_total{code=\"1000\"}").isEqualTo(CLIENTS);
        assertThat(after.connectionsClosed(1006) - before.connectionsClosed(1006))
                .as("roomwire_connections_closed_total{code=\"1006\"}").isZero();
    }

    private static String message(int client, int index) {
        return "client-" + client + " message-" + index;
    }
}
