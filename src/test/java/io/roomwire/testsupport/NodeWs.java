package io.roomwire.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A Node script that uses the {@code ws} npm package (Debian's {@code node-ws}, which {@code .ci/run}
 * installs), with its stdout as a queue of lines. Without Node or {@code ws} the test fails under
 * {@code CI=true} and is skipped elsewhere, like the other tests that need a tool.
 */
public final class NodeWs implements AutoCloseable {

    /** Where {@code require('ws')} looks: Debian's package, then npm's global folders. */
    public static final String NODE_PATH = "/usr/share/nodejs:/usr/lib/node_modules:/usr/local/lib/node_modules";

    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder transcript = new StringBuilder();

    private NodeWs(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("node-ws-stdout").start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("stdout failed: " + e);
            }
        });
    }

    /** Runs {@code node script args...} with {@code ws} on its module path. */
    public static NodeWs run(String script, String... args) throws IOException, InterruptedException {
        String node = ExternalTools.require("node", "Node.js (Debian package nodejs)");
        requireWs(node);
        List<String> command = new ArrayList<>(List.of(node, script));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("NODE_PATH", NODE_PATH);
        return new NodeWs(builder.start());
    }

    private static void requireWs(String node) throws IOException, InterruptedException {
        ProcessBuilder check = new ProcessBuilder(node, "-e", "require.resolve('ws')").redirectErrorStream(true);
        check.environment().put("NODE_PATH", NODE_PATH);
        Process p = check.start();
        p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            String message = "Node's ws package not found; install Debian's node-ws (or npm install -g ws)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(message + " (CI=true: a missing tool is a failure, not a skip)");
            }
            Assumptions.abort(message);
        }
    }

    /** The next line the script printed; fails after {@code timeout} with everything printed so far. */
    public String nextLine(Duration timeout) throws InterruptedException {
        String line = lines.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (line == null) {
            throw new AssertionError("No line from node within " + timeout + "; it printed:\n" + transcript);
        }
        transcript.append(line).append('\n');
        return line;
    }

    /** Waits for the script to end and returns its exit code. */
    public int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("node still running after " + timeout + "; it printed:\n" + transcript);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
