package io.roomwire.gateway;

import io.roomwire.testsupport.EchoServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/rooms} over real HTTP with real WebSocket members, and the security headers on
 * what the server serves (the page's Content Security Policy forbids inline and third-party script).
 */
@EchoServer
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class RoomsApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void listsLiveRoomsBusiestFirstWithMemberCounts() throws Exception {
        List<WebSocket> sockets = new ArrayList<>();
        try {
            sockets.add(member("rooms-api-a"));
            sockets.add(member("rooms-api-b"));
            sockets.add(member("rooms-api-b"));
            JsonNode body = getRooms();
            List<String> names = new ArrayList<>();
            body.get("rooms").forEach(r -> names.add(r.get("name").stringValue()));
            assertThat(names).containsSubsequence("rooms-api-b", "rooms-api-a");
            assertThat(members(body, "rooms-api-b")).isEqualTo(2);
            assertThat(members(body, "rooms-api-a")).isEqualTo(1);
            assertThat(body.get("total").intValue()).isGreaterThanOrEqualTo(2);
        } finally {
            sockets.forEach(WebSocket::abort);
        }
        // Members gone: the rooms leave the public list at once (they linger only in memory).
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (members(getRooms(), "rooms-api-b") != 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(members(getRooms(), "rooms-api-b")).isZero();
    }

    @Test
    void pagesAndApiCarryTheContentSecurityPolicy() throws Exception {
        for (String path : List.of("/", "/api/rooms")) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            String csp = response.headers().firstValue("Content-Security-Policy").orElseThrow();
            assertThat(csp).contains("script-src 'self'", "connect-src 'self'", "frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    private JsonNode getRooms() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/api/rooms")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    private static int members(JsonNode body, String room) {
        for (JsonNode r : body.get("rooms")) {
            if (r.get("name").stringValue().equals(room)) {
                return r.get("members").intValue();
            }
        }
        return 0;
    }

    /** A WebSocket member of {@code room}, returned once its {@code joined} has arrived. */
    private WebSocket member(String room) throws Exception {
        LinkedBlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        WebSocket ws = http.newWebSocketBuilder().subprotocols("roomwire.v1")
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            inbox.add(text.toString());
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("{\"type\":\"join\",\"room\":\"" + room + "\"}", true).get(10, TimeUnit.SECONDS);
        while (true) {
            String message = inbox.poll(10, TimeUnit.SECONDS);
            assertThat(message).as("joined for " + room).isNotNull();
            if (message.contains("\"type\":\"joined\"")) {
                return ws;
            }
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
