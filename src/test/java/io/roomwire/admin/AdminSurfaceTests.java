package io.roomwire.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.roomwire.testsupport.AdminCredential;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operator surface as an attacker sees it, over real HTTP: failed logins are throttled per address
 * and counted; admin responses are never stored by caches; the dashboard cannot be framed; no error body,
 * Spring's or Tomcat's, carries a stack trace, a class name or the server's version; and every Actuator
 * endpoint (walked from {@code /actuator}'s own links) and the OpenAPI description refuse anonymous
 * callers, health aside, which shows no details to them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.admin.max-failed-logins=" + AdminSurfaceTests.MAX_FAILURES,
        "roomwire.admin.failed-login-window=" + AdminSurfaceTests.WINDOW_MS + "ms"})
class AdminSurfaceTests {

    static final int MAX_FAILURES = 3;
    static final long WINDOW_MS = 2000;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** What a leaked exception looks like: a frame, a class or package name, a server banner. */
    private static final Pattern LEAK = Pattern.compile(
            "\\bat [a-zA-Z_$][\\w$]*(\\.[\\w$]+)+\\(|Exception|\\bjava\\.|jakarta\\.|org\\.apache|org\\.springframework"
                    + "|io\\.roomwire|tools\\.jackson|Apache Tomcat|\\btrace\\b");

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    @Test
    void failedLoginsFromOneAddressAreThrottledEvenWithTheRightPasswordAndCounted() throws Exception {
        double bad = failures("bad_credentials");
        double throttled = failures("throttled");
        String wrong = AdminCredential.basic("admin", "guess");
        for (int i = 0; i < MAX_FAILURES; i++) {
            assertThat(get("/api/admin/stats", wrong).statusCode()).as("failure %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> refused = get("/api/admin/stats", wrong);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(v ->
                assertThat(Long.parseLong(v)).isBetween(1L, WINDOW_MS / 1000));
        assertThat(JSON.readTree(refused.body()).get("detail").stringValue()).contains("Too many failed logins");
        assertThat(get("/api/admin/stats", AdminCredential.basic()).statusCode()).as("right password, throttled")
                .isEqualTo(429);
        assertThat(failures("bad_credentials") - bad).isEqualTo(MAX_FAILURES);
        assertThat(failures("throttled") - throttled).isEqualTo(2);

        Thread.sleep(WINDOW_MS + 100);
        assertThat(get("/api/admin/stats", AdminCredential.basic()).statusCode()).as("after the window").isEqualTo(200);
    }

    @Test
    void adminResponsesTellCachesNotToStoreThem() throws Exception {
        for (String path : List.of("/api/admin/stats", "/api/admin/rooms", "/api/admin/connections", "/actuator",
                "/actuator/prometheus", "/actuator/roomwire", "/v3/api-docs", "/admin/", "/admin/index.html")) {
            HttpResponse<String> response = get(path, AdminCredential.basic());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().allValues("Cache-Control")).as("Cache-Control of " + path)
                    .anySatisfy(v -> assertThat(v).contains("no-store"));
        }
        HttpResponse<String> anonymous = get("/api/admin/stats", null);
        assertThat(anonymous.headers().allValues("Cache-Control")).as("even the 401")
                .anySatisfy(v -> assertThat(v).contains("no-store"));
    }

    @Test
    void theAdminPageMayNotBeFramed() throws Exception {
        for (String path : List.of("/admin/", "/admin/index.html")) {
            HttpResponse<String> page = get(path, null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                    assertThat(csp).contains("frame-ancestors 'none'"));
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        }
    }

    @Test
    void noErrorBodyCarriesAStackTraceAClassNameOrTheServerVersion() throws Exception {
        String admin = AdminCredential.basic();
        List<HttpResponse<String>> errors = new ArrayList<>();
        errors.add(get("/api/admin/rooms?page=abc", admin));
        errors.add(get("/api/admin/rooms?size=99999999999999999999", admin));
        errors.add(get("/api/admin/nothing-here", admin));
        errors.add(get("/nothing-here", null));
        errors.add(get("/error", null));
        errors.add(get("/api/admin/rooms/" + "x".repeat(300) + "/history?before=-5&limit=abc", admin));
        errors.add(send("PUT", "/api/admin/stats", "{}", "application/json", admin));
        errors.add(send("POST", "/api/admin/notices", "{\"text\":", "application/json", admin));
        errors.add(send("POST", "/api/admin/notices", "<text/>", "application/xml", admin));
        errors.add(send("POST", "/api/admin/rooms/lobby/mutes", "{\"userId\":[1],\"durationSeconds\":\"soon\"}",
                "application/json", admin));
        errors.add(send("PATCH", "/api/admin/rooms/lobby/settings", "{\"maxMembers\":1e999}", "application/json", admin));
        errors.add(send("POST", "/api/rooms", "{}", "application/json", null));
        for (HttpResponse<String> error : errors) {
            assertThat(error.statusCode()).as(error.request().method() + " " + error.uri()).isGreaterThanOrEqualTo(400);
            assertNoLeak(error.request().method() + " " + error.uri() + " -> " + error.statusCode(), error.body());
        }
        // Requests Tomcat refuses itself, before any servlet runs.
        for (String head : List.of(
                "GET /a|b{} HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "G@T / HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET / HTTP/9.9\r\nHost: x\r\n\r\n")) {
            String response = raw(head);
            assertThat(response).as("answer to " + head.lines().findFirst().orElseThrow()).matches("(?s)HTTP/1\\.1 [45]\\d\\d .*");
            assertNoLeak(head.lines().findFirst().orElseThrow(), response);
        }
    }

    @Test
    void everyActuatorEndpointAndTheOpenApiDescriptionRefuseAnonymousCallers() throws Exception {
        JsonNode links = JSON.readTree(get("/actuator", AdminCredential.basic()).body()).get("_links");
        List<String> paths = new ArrayList<>(List.of("/actuator", "/v3/api-docs", "/v3/api-docs.yaml",
                "/v3/api-docs/swagger-config", "/actuator/env", "/actuator/configprops", "/actuator/beans",
                "/actuator/heapdump", "/actuator/threaddump", "/actuator/mappings", "/actuator/loggers",
                "/actuator/shutdown", "/actuator/conditions", "/actuator/scheduledtasks"));
        for (var link : links.properties()) {
            String href = URI.create(link.getValue().get("href").stringValue().replaceAll("\\{[^}]*}", "x")).getPath();
            paths.add(href);
        }
        assertThat(paths).as("the walk found the exposed endpoints").contains("/actuator/prometheus", "/actuator/info",
                "/actuator/metrics", "/actuator/roomwire");
        for (String path : paths) {
            HttpResponse<String> response = get(path, null);
            if (path.startsWith("/actuator/health")) {
                // Health stays open for probes, without details (management.endpoint.health.show-details).
                assertThat(response.statusCode()).as(path).isIn(200, 404);
                assertThat(response.body()).as(path).doesNotContain("components").doesNotContain("details");
            } else {
                assertThat(response.statusCode()).as("anonymous " + path).isEqualTo(401);
                assertNoLeak(path, response.body());
            }
        }
        for (String unexposed : List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump",
                "/actuator/beans", "/actuator/shutdown")) {
            assertThat(get(unexposed, AdminCredential.basic()).statusCode()).as("not even exposed: " + unexposed)
                    .isEqualTo(404);
        }
    }

    private static void assertNoLeak(String what, String body) {
        assertThat(LEAK.matcher(body).find()).as("%s leaks: %s", what, body).isFalse();
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        return send("GET", path, null, null, authorization);
    }

    private HttpResponse<String> send(String method, String path, String body, String contentType, String authorization)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends {@code head} as is and returns everything the server answers until it closes or goes quiet. */
    private String raw(String head) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(3000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder answer = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    answer.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    if (answer.length() > 100_000) {
                        break;
                    }
                }
            } catch (IOException e) {
                // reset after the answer, or quiet: what arrived is the answer
            }
            return answer.toString();
        }
    }

    private double failures(String reason) {
        FunctionCounter counter = meters.find("roomwire.admin.login.failures").tag("reason", reason).functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
