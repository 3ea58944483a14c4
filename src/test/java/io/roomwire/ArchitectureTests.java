package io.roomwire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the package arrows of docs/architecture.md true by scanning the {@code import} lines of the
 * main sources: the engine never sees Spring, the protocol never sees I/O, the domain never sees the
 * engine, only the gateway joins engine and domain, and only the server package knows Tomcat.
 */
class ArchitectureTests {

    private static final Path MAIN = Path.of("src/main/java/io/roomwire");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(?:static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final String SPRING = "org.springframework.";
    private static final String JACKSON = "tools.jackson.";
    private static final String JACKSON_ANNOTATIONS = "com.fasterxml.jackson.annotation.";
    private static final List<String> CONTAINER = List.of("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.");

    /** Package (relative to io.roomwire) -> import prefixes it may use besides java.* and itself. */
    private static final Map<String, List<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("", List.of(SPRING));
        ALLOWED.put("websocket/protocol", List.of());
        ALLOWED.put("websocket", List.of("io.roomwire.websocket.protocol."));
        ALLOWED.put("websocket/servlet", List.of("io.roomwire.websocket.", "jakarta.servlet."));
        ALLOWED.put("chat", List.of("org.springframework.stereotype.", "org.springframework.beans.factory.annotation.",
                "org.springframework.context.annotation.", "org.springframework.context.SmartLifecycle",
                "org.springframework.scheduling.annotation.", "org.springframework.boot.context.properties."));
        ALLOWED.put("chat/wire", List.of("io.roomwire.chat.", JACKSON, JACKSON_ANNOTATIONS));
        ALLOWED.put("cluster", List.of("io.roomwire.chat.", SPRING, "io.lettuce.", JACKSON, JACKSON_ANNOTATIONS));
        ALLOWED.put("auth", List.of("io.roomwire.chat.", "com.nimbusds.", SPRING));
        ALLOWED.put("gateway", List.of("io.roomwire.chat.", "io.roomwire.auth.", "io.roomwire.websocket.", "io.roomwire.server.", SPRING,
                "jakarta.servlet.", JACKSON, JACKSON_ANNOTATIONS));
        ALLOWED.put("server", concat(List.of("io.roomwire.websocket.", SPRING, "jakarta.servlet."), CONTAINER));
        ALLOWED.put("echo", List.of("io.roomwire.websocket.", "io.roomwire.server.", SPRING, "jakarta.servlet."));
        ALLOWED.put("admin", List.of("io.roomwire.chat.", "io.roomwire.auth.", "io.roomwire.gateway.", "io.roomwire.websocket.", SPRING,
                "jakarta.servlet.", JACKSON, JACKSON_ANNOTATIONS, "io.swagger."));
        ALLOWED.put("metrics", List.of("io.micrometer.", "io.roomwire.auth.", "io.roomwire.chat.", "io.roomwire.gateway.",
                "io.roomwire.websocket.", "io.roomwire.cluster.", "io.roomwire.admin.", SPRING));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    @Test
    void packagesImportOnlyWhatTheArchitectureAllows() throws IOException {
        List<String> violations = new ArrayList<>();
        for (var rule : ALLOWED.entrySet()) {
            String self = rule.getKey().isEmpty() ? "io.roomwire." : "io.roomwire." + rule.getKey().replace('/', '.') + ".";
            for (Path file : javaFiles(MAIN.resolve(rule.getKey()))) {
                for (String imported : imports(file)) {
                    boolean ok = imported.startsWith("java.") || isOwnType(imported, self)
                            || rule.getValue().stream().anyMatch(imported::startsWith);
                    if (!ok) {
                        violations.add(MAIN.relativize(file) + " imports " + imported);
                    }
                }
            }
        }
        assertThat(violations).as("imports that break docs/architecture.md").isEmpty();
    }

    /** {@code io.roomwire.x.Type}: a type of package x itself, not of a sub-package. */
    private static boolean isOwnType(String imported, String self) {
        if (!imported.startsWith(self)) {
            return false;
        }
        String rest = imported.substring(self.length());
        return !rest.isEmpty() && Character.isUpperCase(rest.charAt(0));
    }

    @Test
    void everyMainPackageHasARule() throws IOException {
        List<String> unruled = new ArrayList<>();
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String key = MAIN.relativize(dir).toString().replace('\\', '/');
                if (!ALLOWED.containsKey(key) && !javaFiles(dir).isEmpty()) {
                    unruled.add(key);
                }
            }
        }
        assertThat(unruled).as("packages with no rule in ArchitectureTests (add one, and to docs/architecture.md)").isEmpty();
    }

    @Test
    void onlyTheGatewayJoinsEngineSessionsAndTheChatDomain() throws IOException {
        // Read-only views (the engine's Sessions, the domain's registries) may be read by admin and
        // metrics; handling sessions for the chat is the gateway's alone.
        List<String> offenders = new ArrayList<>();
        for (Path file : allJavaFiles()) {
            if (MAIN.relativize(file).startsWith("gateway")) {
                continue;
            }
            List<String> imports = imports(file);
            boolean domain = imports.stream().anyMatch(i -> i.startsWith("io.roomwire.chat."));
            boolean sessions = imports.stream().anyMatch(i -> i.startsWith("io.roomwire.websocket.servlet.")
                    || i.equals("io.roomwire.websocket.WebSocketHandler") || i.equals("io.roomwire.websocket.WebSocketSession"));
            if (domain && sessions) {
                offenders.add(MAIN.relativize(file).toString());
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void nothingOutsideTheServerPackageImportsAContainerClass() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : allJavaFiles()) {
            if (MAIN.relativize(file).startsWith("server")) {
                continue;
            }
            for (String imported : imports(file)) {
                if (CONTAINER.stream().anyMatch(imported::startsWith)) {
                    offenders.add(MAIN.relativize(file) + " imports " + imported);
                }
            }
        }
        assertThat(offenders).isEmpty();
    }

    @Test
    void adminAndMetricsReadTheEngineThroughItsApiOnly() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (String pkg : List.of("admin", "metrics")) {
            for (Path file : javaFiles(MAIN.resolve(pkg))) {
                imports(file).stream().filter(i -> i.startsWith("io.roomwire.websocket.servlet."))
                        .forEach(i -> offenders.add(MAIN.relativize(file) + " imports " + i));
            }
        }
        assertThat(offenders).isEmpty();
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
        // docs/architecture.md: MeterBinders live in metrics; measured code never imports Micrometer.
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
    void theScanSeesEveryPackage() throws IOException {
        // Guards against the rules above passing vacuously because the paths moved.
        for (String pkg : ALLOWED.keySet()) {
            assertThat(javaFiles(MAIN.resolve(pkg))).as("java files in io.roomwire.%s", pkg).isNotEmpty();
        }
        assertThat(javaFiles(MAIN.resolve("websocket/protocol")).size()).isGreaterThan(5);
    }

    /** The .java files directly in {@code dir} (not its sub-packages). */
    private static List<Path> javaFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static List<Path> allJavaFiles() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            return files.filter(f -> f.toString().endsWith(".java")).toList();
        }
    }

    private static List<String> imports(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
