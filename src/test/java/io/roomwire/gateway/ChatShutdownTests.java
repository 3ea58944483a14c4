package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatMessages;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.RawSocketClient;
import static io.roomwire.testsupport.ChatClient.TIMEOUT;
import static io.roomwire.testsupport.ChatClient.command;
import static io.roomwire.testsupport.ChatMessages.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomwire.RoomWireApplication;
import java.net.ConnectException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Graceful shutdown (roomwire.shutdown.*): closing the application closes every open connection
 * with 1001 (going away), refuses handshakes with 503 while draining, and afterwards nothing
 * listens on the port. Runs its own application, since it stops it.
 */
class ChatShutdownTests {

    @Test
    void closingTheApplicationSends1001ToEveryClientAndRefusesNewConnections() throws Exception {
        ConfigurableApplicationContext app = new SpringApplicationBuilder(RoomWireApplication.class)
                .properties("server.port=0", "server.address=127.0.0.1", "spring.main.banner-mode=off",
                        // One client below never answers the Close: it holds the drain open for about
                        // the close timeout, long enough to see new handshakes refused meanwhile.
                        "roomwire.websocket.close-timeout=1s", "roomwire.websocket.sweep-interval=100ms",
                        "roomwire.shutdown.timeout=5s")
                .run();
        Thread closer = new Thread(app::close, "app-close");
        try {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            assertThat(app.getEnvironment().getProperty("local.server.port", Integer.class)).isEqualTo(port);
            try (ChatClients clients = new ChatClients(port)) {
                String room = ChatClients.room("closing");
                List<ChatClient> connected = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ChatClient client = clients.connect("client-" + i);
                    client.joinAndAwait(room);
                    connected.add(client);
                }
                RawSocketClient stubborn = clients.connectRaw("stubborn", 0);
                assertThat(text(stubborn.readJson(), "type")).isEqualTo("hello");
                stubborn.sendJson(command("join", "room", room));
                assertThat(text(stubborn.readJson(), "type")).isEqualTo("joined");

                closer.start();
                for (ChatClient client : connected) {
                    assertThat(client.awaitClose(TIMEOUT)).as(client + " close code").isEqualTo(1001);
                }

                // Draining: a new handshake is refused with 503.
                Throwable refused = catchThrowable(() -> ChatClient.open(port, ChatClient.query("name", "latecomer")));
                assertThat(refused).as("handshake while draining").isInstanceOf(ChatClient.ConnectFailed.class);
                assertThat(refused.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(503);

                // The one that ignores the Close still got it.
                RawSocketClient.Ending ending = stubborn.readUntilClosed(Duration.ofSeconds(5));
                assertThat(ending.close()).as("stubborn client's ending: " + ending).isNotNull();
                assertThat(ending.closeCode()).isEqualTo(1001);

                closer.join(Duration.ofSeconds(20));
                assertThat(closer.isAlive()).as("application closed in time").isFalse();
                assertThat(app.isActive()).isFalse();

                // Stopped: nothing listens any more.
                Throwable after = catchThrowable(() -> ChatClient.open(port, ChatClient.query("name", "too-late")));
                assertThat(after).as("connecting after shutdown").isInstanceOf(ChatClient.ConnectFailed.class);
                assertThat(causes(after)).as("causes").hasAtLeastOneElementOfType(ConnectException.class);
            }
        } finally {
            if (closer.getState() == Thread.State.NEW) {
                app.close();
            }
            closer.join(Duration.ofSeconds(20));
        }
    }

    private static List<Throwable> causes(Throwable t) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable c = t; c != null && !chain.contains(c); c = c.getCause()) {
            chain.add(c);
        }
        return chain;
    }
}
