package io.roomwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * HTTP to the actuator of a server on 127.0.0.1, with the admin's HTTP Basic credentials (ignored
 * by endpoints that need none). Every request is bounded.
 */
final class Actuator {

    static final String ADMIN_USER = "admin";
    static final String ADMIN_PASSWORD = "metrics-test-password";
    static final Duration TIMEOUT = Duration.ofSeconds(5);
    static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(TIMEOUT).build();

    private final int port;

    Actuator(int port) {
        this.port = port;
    }

    static String basicAuth() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((ADMIN_USER + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", basicAuth()).header("Accept", "application/json, text/plain;q=0.9")
                .timeout(TIMEOUT).GET().build());
    }

    /** {@code GET path} without credentials. */
    HttpResponse<String> getAnonymously(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(TIMEOUT).GET()
                .build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** {@code GET path} as JSON, asserting 200. */
    JsonNode json(String path) {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** One scrape of {@code /actuator/prometheus} in the text format a Prometheus server asks for. */
    PrometheusText scrape() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", basicAuth()).header("Accept", "text/plain;version=0.0.4")
                .timeout(TIMEOUT).GET().build());
        assertThat(response.statusCode()).as("GET /actuator/prometheus").isEqualTo(200);
        return new PrometheusText(response.body());
    }
}
