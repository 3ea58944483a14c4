package io.roomwire.admin;

import io.roomwire.testsupport.ChatServer;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.AdminCredential;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin API describes itself in OpenAPI at {@code /v3/api-docs}, to operators only. */
@ChatServer
class AdminOpenApiTests {

    @LocalServerPort
    int port;

    @Test
    void theAdminApiIsDescribedForOperators() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v3/api-docs");
        assertThat(http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(401);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", AdminCredential.basic()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = JsonMapper.builder().build().readTree(response.body());
        assertThat(doc.get("openapi").stringValue()).startsWith("3.");
        JsonNode paths = doc.get("paths");
        assertThat(paths.has("/api/admin/rooms")).isTrue();
        assertThat(paths.has("/api/admin/connections/{id}")).isTrue();
        assertThat(paths.has("/api/admin/rooms/{room}/mutes")).isTrue();
        assertThat(paths.has("/api/rooms")).as("only the admin API").isFalse();
    }
}
