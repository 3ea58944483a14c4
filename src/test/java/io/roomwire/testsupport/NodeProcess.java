package io.roomwire.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real RoomWire node in a JVM of its own, so a test can SIGKILL it, SIGSTOP it or stop it
 * gracefully while other nodes (in other JVMs) carry on. It runs {@code RoomWireApplication} on the
 * test class path (target/classes, target/test-classes and every dependency, so the test-wide
 * config/application.properties applies too) with the test JVM's own {@code java}, on a loopback
 * port of its own plus the {@code key=value} properties the test gives. Its output goes to
 * {@code node.log} in its temp directory (also its working and java.io.tmpdir directory); failure
 * messages carry the log's tail. A JVM shutdown hook kills leftovers. Not thread-safe.
 *
 * <pre>{@code
 * try (NodeProcess node = NodeProcess.launch("a", "roomwire.cluster.mode=redis", "spring.data.redis.port=" + port)) {
 *     ChatClient alice = ChatClient.connect(node.port(), ChatClient.query("name", "alice"));
 *     node.kill();
 * }
 * }</pre>
 */
public final class NodeProcess extends ChildProcess {

    public static final String MAIN_CLASS = "io.roomwire.RoomWireApplication";
    public static final String HOST = "127.0.0.1";

    /** Small and quick to start: a node in a test serves a handful of clients. */
    private static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Xshare:auto");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int TAIL_LINES = 60;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private final String name;
    private final List<String> properties;
    private final int port;
    private final Path dir;
    private final Path log;
    private int starts;

    /**
     * Picks a port and a directory; {@link #start()} runs the node. {@code properties} are
     * {@code key=value} (a leading {@code --} is allowed) and passed as Spring Boot command-line
     * arguments, after {@code server.port} and {@code server.address}.
     */
    public NodeProcess(String name, String... properties) {
        super(GRACEFUL_STOP);
        this.name = name;
        this.properties = List.of(properties);
        this.port = ChildProcesses.freePort();
        this.dir = ChildProcesses.tempDir("roomwire-node-" + name + "-");
        this.log = dir.resolve("node.log");
    }

    /** A started node; cleans up if it does not come up. */
    public static NodeProcess launch(String name, String... properties) {
        NodeProcess node = new NodeProcess(name, properties);
        try {
            return node.start();
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /**
     * Starts (or starts again, on the same port) and waits up to 60 s until
     * {@code /actuator/health/liveness} answers 200.
     */
    public NodeProcess start() {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        starts++;
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(JVM_OPTIONS);
        command.add("-Djava.io.tmpdir=" + dir);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.add("--server.port=" + port);
        command.add("--server.address=" + HOST);
        for (String property : properties) {
            command.add(property.startsWith("--") ? property : "--" + property);
        }
        try {
            Files.writeString(log, "==== " + Instant.now() + " start #" + starts + ": " + command.subList(
                    command.indexOf(MAIN_CLASS), command.size()) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        run(command, dir, log);
        awaitLive();
        return this;
    }

    private void awaitLive() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("exited with " + process.exitValue() + " while starting");
            }
            if (status("/actuator/health/liveness") == 200) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        kill();
        throw failure("liveness not 200 within " + STARTUP);
    }


    /**
     * SIGTERM (Spring Boot's graceful shutdown) and waits up to 30 s, then SIGKILL.
     * Returns the exit value (143 after SIGTERM, as for any JVM).
     */
    public int stop() {
        if (process == null) {
            return -1;
        }
        if (process.isAlive()) {
            resume();
            process.destroy();
            awaitExit();
        }
        return process.exitValue();
    }




    /** Kills the node if it still runs and deletes its directory. */
    @Override
    public void close() {
        try {
            kill();
        } finally {
            ChildProcesses.deleteRecursively(dir);
        }
    }

    // ------------------------------------------------------------------ access

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    /** {@code http://127.0.0.1:P}. */
    public URI baseUri() {
        return URI.create("http://" + HOST + ":" + port);
    }

    /** {@code ws://127.0.0.1:P/ws}. */
    public URI wsUri() {
        return URI.create("ws://" + HOST + ":" + port + "/ws");
    }

    /** The status of {@code GET /actuator/health/readiness}, or -1 when nothing answers within 2 s. */
    public int readiness() {
        return status("/actuator/health/readiness");
    }

    /** An anonymous {@code GET} of {@code path}, waiting at most 2 s. */
    public HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(baseUri().resolve(path)).timeout(REQUEST_TIMEOUT).GET().build();
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private int status(String path) {
        try {
            return get(path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    public Path log() {
        return log;
    }

    /** The last lines of the node's output, for failure messages. */
    public String logTail() {
        return ChildProcesses.tail(log, TAIL_LINES);
    }

    private IllegalStateException failure(String what) {
        return new IllegalStateException(this + " " + what + "; " + log + " ends with:\n" + logTail());
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElseGet(() -> Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    @Override
    public String toString() {
        return "NodeProcess[" + name + ", " + HOST + ":" + port
                + ", " + state() + "]";
    }
}
