package io.roomwire.metrics;

import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.ChatClients;
import io.roomwire.testsupport.ChatClientsFixture;
import static io.roomwire.testsupport.ChatMessages.messageIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.roomwire.chat.RoomRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Real WebSocket traffic moves the Prometheus figures by exactly what it did: connections, messages
 * received and delivered, fan-outs and their recipients, refused handshakes. Each test starts from
 * an idle server (no connection, every room empty) so that deltas between two scrapes are its own.
 */
@MetricsServer
class TrafficMetricsTests extends ChatClientsFixture {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    RoomRegistry rooms;

    private Actuator actuator;

    @BeforeEach
    void awaitIdleServer() {
        actuator = new Actuator(port);
        Eventually.await("no connection left and every room empty",
                () -> actuator.scrape().value("roomwire_connections_active") == 0
                        && rooms.rooms().stream().allMatch(r -> r.size() == 0),
                idle -> idle);
    }

    @Test
    void connectionsActiveCountsOpenClientsAndDropsBackAfterTheyClose() {
        PrometheusText before = actuator.scrape();
        assertThat(before.value("roomwire_connections_active")).isZero();

        ChatClient a = clients.connect("active-a");
        ChatClient b = clients.connect("active-b");
        ChatClient c = clients.connect("active-c");
        PrometheusText open = actuator.scrape();
        assertThat(open.value("roomwire_connections_active")).isEqualTo(3);
        assertThat(open.value("roomwire_connections_opened_total") - before.value("roomwire_connections_opened_total"))
                .isEqualTo(3);

        a.close();
        b.close();
        Eventually.await("roomwire_connections_active after two closes",
                () -> actuator.scrape().value("roomwire_connections_active"), v -> v == 1);
        c.close();
        PrometheusText after = Eventually.await("roomwire_connections_active after the last close",
                actuator::scrape, s -> s.value("roomwire_connections_active") == 0);
        assertThat(after.value("roomwire_connections_closed_total", "code", "1000")
                - before.value("roomwire_connections_closed_total", "code", "1000")).isEqualTo(3);
    }

    @Test
    void chatTrafficMovesReceivedDeliveredAndFanoutByExactAmounts() {
        String room = ChatClients.room("traffic");
        ChatClient a = clients.connect("traffic-a");
        ChatClient b = clients.connect("traffic-b");
        ChatClient c = clients.connect("traffic-c");
        PrometheusText before = actuator.scrape();

        // Three joins: each fans a presence event out to the members already there (0, 1, 2).
        a.joinAndAwait(room);
        b.joinAndAwait(room);
        c.joinAndAwait(room);
        int messages = 5;
        for (int i = 0; i < messages; i++) {
            a.chatAndAwaitAck(room, "hi " + i, "ref-" + i);
        }
        for (ChatClient member : List.of(a, b, c)) {
            member.awaitReceived(messageIn(room), messages, ChatClient.TIMEOUT);
        }
        int members = 3;
        int broadcasts = members + messages;

        // A member may read a message before the broadcaster has recorded its fan-out: poll, then
        // check that nothing overshoots.
        Eventually.await("fan-outs recorded", () -> delta(before, actuator.scrape(), "roomwire_fanout_latency_seconds_count"),
                d -> d >= broadcasts);
        PrometheusText after = actuator.scrape();
        assertThat(delta(before, after, "roomwire_fanout_latency_seconds_count")).as("fan-outs").isEqualTo(broadcasts);
        assertThat(delta(before, after, "roomwire_fanout_latency_seconds_bucket", "le", "+Inf"))
                .as("fan-outs in the +Inf bucket").isEqualTo(broadcasts);
        assertThat(delta(before, after, "roomwire_fanout_latency_seconds_sum")).as("fan-out time").isPositive();
        assertThat(delta(before, after, "roomwire_fanout_recipients_count")).isEqualTo(broadcasts);
        assertThat(delta(before, after, "roomwire_fanout_recipients_sum")).as("recipients")
                .isEqualTo((0 + 1 + 2) + messages * members);
        assertThat(delta(before, after, "roomwire_messages_received_total", "kind", "chat")).as("chat received")
                .isEqualTo(messages);
        assertThat(delta(before, after, "roomwire_messages_delivered_total", "kind", "chat")).as("chat delivered")
                .isEqualTo(messages * members);
        assertThat(delta(before, after, "roomwire_messages_delivered_total", "kind", "event")).as("presence delivered")
                .isEqualTo(0 + 1 + 2);
        assertThat(delta(before, after, "roomwire_messages_received_total", "kind", "danmaku")).isZero();
        assertThat(delta(before, after, "roomwire_drops_total", "reason", "slow_consumer")).isZero();
        assertThat(after.value("roomwire_connections_active")).isEqualTo(3);
        assertThat(delta(before, after, "roomwire_bytes_received_bytes_total")).as("bytes in").isPositive();
        assertThat(delta(before, after, "roomwire_bytes_sent_bytes_total")).as("bytes out").isPositive();
        // Idle clients read everything: nothing stays queued.
        assertThat(after.value("roomwire_outbound_queued_bytes")).isGreaterThanOrEqualTo(0);
        Eventually.await("outbound queues drained", () -> actuator.scrape().value("roomwire_outbound_queued_max_bytes"),
                v -> v == 0);
    }

    @Test
    void fanoutLatencyIsAPrometheusHistogramWithSloBuckets() {
        PrometheusText scrape = actuator.scrape();
        assertThat(scrape.type("roomwire_fanout_latency_seconds")).isEqualTo("histogram");
        assertThat(scrape.type("roomwire_fanout_recipients")).isEqualTo("histogram");
        for (String slo : List.of("5.0E-5", "1.0E-4", "2.5E-4", "5.0E-4", "0.001", "0.0025", "0.005", "0.01",
                "0.025", "0.1")) {
            assertThat(scrape.has("roomwire_fanout_latency_seconds_bucket", "le", slo)).as("SLO bucket le=" + slo)
                    .isTrue();
        }
        // The percentile histogram adds many more buckets, up to the 1s maximum expected value.
        assertThat(scrape.select("roomwire_fanout_latency_seconds_bucket")).hasSizeGreaterThan(30);
        assertThat(scrape.has("roomwire_fanout_latency_seconds_max")).isTrue();
        assertThat(scrape.has("roomwire_fanout_recipients_bucket", "le", "10.0")).isTrue();
        assertThat(scrape.value("roomwire_outbound_queued_bytes")).isZero();
        assertThat(scrape.value("roomwire_outbound_queued_max_bytes")).isZero();
    }

    @Test
    void refusedHandshakesAreCountedByReason() throws Exception {
        PrometheusText before = actuator.scrape();

        // A plain GET: no Upgrade header.
        HttpResponse<String> plain = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ws")).timeout(Duration.ofSeconds(5))
                        .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(plain.statusCode()).isEqualTo(400);
        // WebSocket handshakes the server cannot accept: no common subprotocol, then twice a foreign origin.
        assertThat(refusedStatus(HTTP.newWebSocketBuilder().subprotocols("not.roomwire"))).isEqualTo(400);
        assertThat(refusedStatus(HTTP.newWebSocketBuilder().subprotocols(ChatClient.SUBPROTOCOL)
                .header("Origin", "http://elsewhere.example"))).isEqualTo(403);
        assertThat(refusedStatus(HTTP.newWebSocketBuilder().subprotocols(ChatClient.SUBPROTOCOL)
                .header("Origin", "http://elsewhere.example"))).isEqualTo(403);

        PrometheusText after = actuator.scrape();
        assertThat(delta(before, after, "roomwire_handshake_rejected_total", "reason", "not_websocket_upgrade"))
                .isEqualTo(1);
        assertThat(delta(before, after, "roomwire_handshake_rejected_total", "reason", "no_common_subprotocol"))
                .isEqualTo(1);
        assertThat(delta(before, after, "roomwire_handshake_rejected_total", "reason", "origin_forbidden"))
                .isEqualTo(2);
        assertThat(delta(before, after, "roomwire_handshake_rejected_total", "reason", "bad_key")).isZero();
        assertThat(delta(before, after, "roomwire_connections_opened_total")).isZero();
    }

    private int refusedStatus(WebSocket.Builder builder) {
        Throwable refused = catchThrowable(() -> builder.connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws?name=refused"), new WebSocket.Listener() {
                })
                .get(5, TimeUnit.SECONDS));
        if (refused instanceof ExecutionException || refused instanceof CompletionException) {
            refused = refused.getCause();
        }
        assertThat(refused).as("handshake outcome").isInstanceOf(WebSocketHandshakeException.class);
        return ((WebSocketHandshakeException) refused).getResponse().statusCode();
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.value(name, labels) - before.value(name, labels);
    }

    @Test
    void handshakesAreCountedByTheEngineNotTimedAsHttpRequests() {
        double opened = actuator.scrape().value("roomwire_connections_opened_total");
        clients.connect("observed").close();
        actuator.get("/api/rooms"); // an ordinary request, still timed

        PrometheusText after = actuator.scrape();
        assertThat(after.value("roomwire_connections_opened_total")).isEqualTo(opened + 1);
        assertThat(after.select("http_server_requests_seconds_count"))
                .as("/api/rooms is timed").anyMatch(s -> "/api/rooms".equals(s.labels().get("uri")))
                .as("the /ws handshake is not").noneMatch(s -> String.valueOf(s.labels().get("uri")).startsWith("/ws"));
        assertThat(after.select("spring_security_filterchains_seconds_count")).isEmpty();
    }
}
