package io.roomwire.gateway;

import io.roomwire.chat.ChatService;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.testsupport.EchoServer;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /api/config} over real HTTP with the default limits: open to anyone, never cached, the
 * room-name rule the server enforces, and the same values the page falls back to while it loads
 * (frontend/js/validate.js DEFAULT_LIMITS), so the fallback cannot drift from the server.
 */
@EchoServer
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ClientConfigApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void servesTheDefaultLimitsToAnyoneWithoutCaching() throws Exception {
        HttpResponse<String> response = get("/api/config");
        assertThat(response.statusCode()).as("public: no credential needed").isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(response.headers().firstValue("Cache-Control").orElse("")).contains("no-store");
        assertThat(response.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("maxTextLength").intValue()).isEqualTo(2000);
        assertThat(body.get("maxDanmakuLength").intValue()).isEqualTo(100);
        assertThat(body.get("maxRoomsPerConnection").intValue()).isEqualTo(16);
        assertThat(body.get("roomName").stringValue()).isEqualTo("[A-Za-z0-9_.-]{1,64}");
        assertThat(body.get("historyPageMax").intValue()).isEqualTo(ChatService.MAX_PAGE);
        assertThat(body.get("auth").stringValue()).as("guests, by default").isEqualTo("none");
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("maxTextLength", "maxDanmakuLength",
                "maxRoomsPerConnection", "roomName", "historyPageMax", "auth");
    }

    @Test
    void theServedRoomNamePatternAcceptsExactlyTheNamesTheServerAccepts() throws Exception {
        Pattern served = Pattern.compile(JSON.readTree(get("/api/config").body()).get("roomName").stringValue());
        for (String name : List.of("lobby", "a.b-c_D9", "x", "x".repeat(64), "x".repeat(65), "", "has space",
                "émoji", "a/b", "ROOM.42", "-", "tab\t", "line\nbreak")) {
            assertThat(served.matcher(name).matches()).as("'%s'", name).isEqualTo(RoomRegistry.isValidName(name));
        }
    }

    @Test
    void thePageFallsBackToTheServersDefaults() throws Exception {
        JsonNode body = JSON.readTree(get("/api/config").body());
        Map<String, String> fallback = pageFallback();
        assertThat(fallback.keySet()).containsExactlyInAnyOrderElementsOf(body.propertyNames());
        body.properties().forEach(e -> assertThat(fallback.get(e.getKey())).as(e.getKey())
                .isEqualTo(e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString()));
    }

    /** The {@code key: value} pairs of DEFAULT_LIMITS in frontend/js/validate.js, strings unquoted. */
    private static Map<String, String> pageFallback() throws Exception {
        String js = Files.readString(Path.of("frontend", "js", "validate.js"));
        Matcher block = Pattern.compile("DEFAULT_LIMITS = Object\\.freeze\\(\\{(.*?)\\}\\);", Pattern.DOTALL).matcher(js);
        assertThat(block.find()).as("DEFAULT_LIMITS in validate.js").isTrue();
        Map<String, String> values = new LinkedHashMap<>();
        Matcher pair = Pattern.compile("(\\w+):\\s*(?:'([^']*)'|(\\d+))").matcher(block.group(1));
        while (pair.find()) {
            values.put(pair.group(1), pair.group(2) != null ? pair.group(2) : pair.group(3));
        }
        return values;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
