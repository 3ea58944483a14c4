package io.roomwire.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition: samples by metric name and labels, as a query would select
 * them. A missing sample is an error, not zero, so a renamed meter fails loudly.
 */
final class PrometheusText {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String body;
    private final List<Sample> samples = new ArrayList<>();

    PrometheusText(String body) {
        this.body = body;
        for (String line : body.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
        }
    }

    /** The one sample of {@code name} whose labels include the given name/value pairs. */
    double value(String name, String... labelPairs) {
        List<Sample> matching = select(name, labelPairs);
        if (matching.size() != 1) {
            throw new AssertionError(matching.size() + " samples " + name + " " + List.of(labelPairs)
                    + " in the scrape:\n" + body);
        }
        return matching.getFirst().value();
    }

    boolean has(String name, String... labelPairs) {
        return !select(name, labelPairs).isEmpty();
    }

    List<Sample> select(String name, String... labelPairs) {
        List<Sample> matching = new ArrayList<>();
        for (Sample s : samples) {
            if (!s.name().equals(name)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i < labelPairs.length; i += 2) {
                all &= labelPairs[i + 1].equals(s.labels().get(labelPairs[i]));
            }
            if (all) {
                matching.add(s);
            }
        }
        return matching;
    }

    /** The {@code # TYPE} line's type of a metric family, or null. */
    String type(String family) {
        Matcher m = Pattern.compile("^# TYPE " + Pattern.quote(family) + " (\\S+)", Pattern.MULTILINE).matcher(body);
        return m.find() ? m.group(1) : null;
    }

    String body() {
        return body;
    }
}
