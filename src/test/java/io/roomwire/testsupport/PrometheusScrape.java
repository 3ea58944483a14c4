package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of {@code GET /actuator/prometheus}: reads single samples by metric name and one label,
 * as a dashboard would. A missing sample is an error, not zero, so a renamed metric fails loudly.
 */
public final class PrometheusScrape {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String body;

    private PrometheusScrape(String body) {
        this.body = body;
    }

    public static PrometheusScrape of(int port) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/prometheus"))
                .header("Authorization", io.roomwire.testsupport.AdminCredential.basic())
                .timeout(Duration.ofSeconds(5)).GET().build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET /actuator/prometheus").isEqualTo(200);
            return new PrometheusScrape(response.body());
        } catch (IOException e) {
            throw new AssertionError("Prometheus scrape failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted", e);
        }
    }

    /** The sample of an unlabelled metric, {@code name N}. */
    public double value(String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{\\})?\\s+(\\S+)", Pattern.MULTILINE).matcher(body);
        if (!m.find()) {
            throw new AssertionError("No sample " + name + " in the scrape:\n" + body);
        }
        return Double.parseDouble(m.group(1));
    }

    /** The sample {@code name{...label="value"...} N}. */
    public double value(String name, String label, String labelValue) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)\\}\\s+(\\S+)", Pattern.MULTILINE);
        String wanted = label + "=\"" + labelValue + "\"";
        Matcher m = line.matcher(body);
        while (m.find()) {
            for (String pair : m.group(1).split(",")) {
                if (pair.trim().equals(wanted)) {
                    return Double.parseDouble(m.group(2));
                }
            }
        }
        throw new AssertionError("No sample " + name + "{" + wanted + "} in the scrape:\n" + body);
    }

    public double handshakeRejected(String reason) {
        return value("roomwire_handshake_rejected_total", "reason", reason);
    }

    public double protocolErrors(int code) {
        return value("roomwire_protocol_errors_total", "code", Integer.toString(code));
    }

    public double connectionsClosed(int code) {
        return value("roomwire_connections_closed_total", "code", Integer.toString(code));
    }
}
