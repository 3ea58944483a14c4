package io.roomwire.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The operator docs name real series: every {@code roomwire_*} name in docs/metrics.md and in the
 * Grafana dashboard is exported by a live server, and every exported {@code roomwire_*} series is
 * documented in docs/metrics.md.
 */
@MetricsServer
class MetricsDocsTests {

    private static final Pattern NAME = Pattern.compile("roomwire_[a-z_]+");

    @LocalServerPort
    int port;

    /** The names of the exported samples, e.g. {@code roomwire_fanout_latency_seconds_bucket}. */
    private Set<String> exportedNames() {
        String body = new Actuator(port).scrape().body();
        return body.lines().filter(l -> l.startsWith("roomwire_")).map(l -> l.split("[{\\s]", 2)[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Sample names plus metric family names ({@code # TYPE roomwire_fanout_latency_seconds histogram}). */
    private Set<String> exportedNamesAndFamilies() {
        String body = new Actuator(port).scrape().body();
        Set<String> names = exportedNames();
        body.lines().filter(l -> l.startsWith("# TYPE roomwire_")).map(l -> l.split(" ")[2]).forEach(names::add);
        return names;
    }

    private static Set<String> names(String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    @Test
    void metricsDocListsExactlyTheExportedSeries() throws IOException {
        Set<String> documented = names(Files.readString(Path.of("docs/metrics.md")));
        Set<String> exported = exportedNames();
        assertThat(exported).as("exported series").isNotEmpty();
        assertThat(exported).as("exported but not in docs/metrics.md").isSubsetOf(documented);
        assertThat(documented).as("in docs/metrics.md but not exported").isSubsetOf(exportedNamesAndFamilies());
    }

    @Test
    void dashboardQueriesOnlyExportedSeries() throws IOException {
        JsonNode dashboard = Actuator.JSON.readTree(Files.readString(Path.of("docs/grafana-dashboard.json")));
        assertThat(dashboard.get("schemaVersion").intValue()).isGreaterThanOrEqualTo(39);
        StringBuilder expressions = new StringBuilder();
        for (JsonNode panel : dashboard.get("panels").values()) {
            for (JsonNode target : panel.path("targets").values()) {
                expressions.append(target.get("expr").stringValue()).append('\n');
                assertThat(target.get("datasource").get("uid").stringValue()).isEqualTo("${datasource}");
            }
        }
        Set<String> used = names(expressions.toString());
        assertThat(used).as("series the dashboard queries").hasSizeGreaterThan(15)
                .contains("roomwire_fanout_latency_seconds_bucket", "roomwire_outbound_queued_bytes");
        assertThat(used).as("queried by the dashboard but not exported").isSubsetOf(exportedNames());
    }
}
