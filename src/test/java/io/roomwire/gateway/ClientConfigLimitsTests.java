package io.roomwire.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code GET /api/config} follows the {@code roomwire.chat.*} settings, not the defaults. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.chat.max-text-length=500",
        "roomwire.chat.max-danmaku-length=40",
        "roomwire.chat.max-rooms-per-connection=3"})
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientConfigLimitsTests {

    @LocalServerPort
    int port;

    @Test
    void servesTheConfiguredLimits() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/config")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JsonMapper.builder().build().readTree(response.body());
        assertThat(body.get("maxTextLength").intValue()).isEqualTo(500);
        assertThat(body.get("maxDanmakuLength").intValue()).isEqualTo(40);
        assertThat(body.get("maxRoomsPerConnection").intValue()).isEqualTo(3);
    }
}
