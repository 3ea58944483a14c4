package io.roomwire.server;

import static io.roomwire.testsupport.CollectingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.CollectingListener;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Clients that send without pause must not keep Tomcat's threads: with 4 worker threads, 8 connections
 * flooding unsolicited Pongs (RFC 6455 §5.5.3 allows them; the server reads and ignores them) would
 * each hold a thread for as long as they send, under the Servlet read contract, and nobody else would be
 * served. The reader gives its thread back after {@code InboundReader.BYTES_PER_CALLBACK}, so a new
 * client still opens a connection and gets its echo while the flood goes on.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1",
    "roomwire.echo.enabled=true",
    "server.tomcat.threads.max=4",
    "server.tomcat.threads.min-spare=4",
    "roomwire.websocket.max-connections-per-address=0",
    "roomwire.websocket.handshakes-per-second=0"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FloodFairnessTests {

    private static final int FLOODERS = 8;

    @LocalServerPort
    int port;

    @Test
    void connectionsThatSendWithoutPauseDoNotKeepTheConnectorsThreads() throws Exception {
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        byte[] payload = new byte[125];
        for (int i = 0; i < 128; i++) {
            batch.writeBytes(FrameEncoder.frame(true, Opcode.PONG, payload, 0, payload.length, RawSocketClient.newMaskKey()));
        }
        byte[] pongs = batch.toByteArray();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService flood = Executors.newFixedThreadPool(FLOODERS);
        List<RawSocketClient> flooders = new ArrayList<>();
        try {
            for (int i = 0; i < FLOODERS; i++) {
                RawSocketClient flooder = RawSocketClient.open(port, "/ws/echo");
                flooders.add(flooder);
                flood.submit(() -> {
                    while (!stop.get()) {
                        flooder.writeRaw(pongs);
                    }
                    return null;
                });
            }
            Thread.sleep(500); // every worker thread has had a flooding connection by now

            long started = System.nanoTime();
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                CollectingListener listener = new CollectingListener();
                WebSocket ws = await(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), listener), Duration.ofSeconds(10), "connect");
                await(ws.sendText("still served", true), Duration.ofSeconds(5), "send");
                assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("still served");
                ws.abort();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("handshake and echo during the flood")
                    .isLessThan(Duration.ofSeconds(10));
        } finally {
            stop.set(true);
            for (RawSocketClient flooder : flooders) {
                try {
                    flooder.close();
                } catch (IOException ignored) {
                    // already gone
                }
            }
            flood.shutdownNow();
        }
    }
}
