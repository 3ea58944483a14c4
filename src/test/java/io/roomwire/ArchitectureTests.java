package io.roomwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package arrows of shared/ARCHITECTURE.md true by scanning the {@code import} lines of
 * the main sources: the engine never sees Spring, the protocol never sees I/O, and the domain never
 * sees the engine.
 */
class ArchitectureTests {

    private static final Path MAIN = Path.of("src/main/java/io/roomwire");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);

    /** Package (relative to io.roomwire) -> import prefixes it may use besides java.* and itself. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "websocket/protocol", List.of(),
            "websocket", List.of("io.roomwire.websocket.protocol."),
            "websocket/servlet", List.of("io.roomwire.websocket.", "jakarta.servlet."),
            "chat", List.of("org.springframework.stereotype.", "org.springframework.beans.factory.annotation.",
                    "org.springframework.context.annotation.", "org.springframework.context.SmartLifecycle",
                    "org.springframework.boot.context.properties."),
            "chat/wire", List.of("io.roomwire.chat.", "tools.jackson.", "com.fasterxml.jackson.annotation."));

    @Test
    void packagesImportOnlyWhatTheArchitectureAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var rule : ALLOWED.entrySet()) {
            Path dir = MAIN.resolve(rule.getKey());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            String self = "io.roomwire." + rule.getKey().replace('/', '.') + ".";
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = IMPORT.matcher(Files.readString(file));
                    while (m.find()) {
                        String imported = m.group(1);
                        boolean ok = imported.startsWith("java.") || imported.startsWith(self)
                                || rule.getValue().stream().anyMatch(imported::startsWith);
                        if (!ok) {
                            violations.add(MAIN.relativize(file) + " imports " + imported);
                        }
                    }
                }
            }
        }
        assertThat(violations).as("imports that break shared/ARCHITECTURE.md").isEmpty();
    }

    @Test
    void noThirdPartyWebSocketStackInMainCode() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                for (String banned : List.of("org.springframework.web.socket", "jakarta.websocket",
                        "org.apache.tomcat.websocket", "io.netty.handler.codec.http.websocketx")) {
                    if (source.contains("import " + banned)) {
                        offenders.add(MAIN.relativize(file) + " uses " + banned);
                    }
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void onlyTheMetricsPackageImportsMicrometer() throws IOException {
        // shared/ARCHITECTURE.md: MeterBinders live in metrics; measured code never imports Micrometer.
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (!MAIN.relativize(file).startsWith("metrics") && Files.readString(file).contains("import io.micrometer")) {
                    offenders.add(MAIN.relativize(file).toString());
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void theScanSeesTheEngine() throws IOException {
        // Guards against the rules above passing vacuously because the paths moved.
        try (Stream<Path> files = Files.list(MAIN.resolve("websocket/protocol"))) {
            assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).isGreaterThan(5);
        }
    }
}
