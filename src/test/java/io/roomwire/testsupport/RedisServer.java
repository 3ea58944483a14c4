package io.roomwire.testsupport;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (Debian's Redis 7) for the cluster tests: its own loopback port and
 * temp directory, configured on the command line only, its output in {@code redis.log} in that
 * directory. It can be stopped, killed, paused and started again on the same port and directory,
 * so a test can restart Redis and choose whether its data survives ({@link Persistence}). Every
 * child still running at JVM exit is SIGKILLed by a shutdown hook. Not thread-safe: one test drives it.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.launch(Persistence.AOF)) {
 *     redis.command("SET", "k", "v");
 *     redis.stop();
 *     redis.start();                          // same port, same dir: "k" is still there
 *     assertThat(redis.command("GET", "k")).isEqualTo("v");
 * }
 * }</pre>
 */
public final class RedisServer extends ChildProcess {

    /** What survives a restart. No RDB snapshots in any mode ({@code --save ""}). */
    public enum Persistence {
        /** In memory only: a restart starts empty. */
        NONE("no", "everysec"),
        /** Append-only file, fsynced on every write: survives stop, restart and SIGKILL. */
        AOF("yes", "always"),
        /** Append-only file fsynced once a second: a SIGKILL may lose the last second of writes. */
        AOF_EVERYSEC("yes", "everysec");

        private final String appendOnly;
        private final String appendFsync;

        Persistence(String appendOnly, String appendFsync) {
            this.appendOnly = appendOnly;
            this.appendFsync = appendFsync;
        }
    }

    public static final String HOST = "127.0.0.1";

    private static final Duration STARTUP = Duration.ofSeconds(15);
    private static final Duration SHUTDOWN = Duration.ofSeconds(10);
    private static final int TAIL_LINES = 40;

    private final String executable;
    private final int port;
    private final Path dir;
    private final Path log;
    private Persistence persistence;

    /** Picks a port and directory; {@link #start()} runs the server. Skips or fails without redis-server. */
    public RedisServer(Persistence persistence) {
        super(SHUTDOWN);
        this.executable = RedisAvailability.require();
        this.port = ChildProcesses.freePort();
        this.dir = ChildProcesses.tempDir("roomwire-redis-");
        this.log = dir.resolve("redis.log");
        this.persistence = persistence;
    }

    /** A started server; cleans up if it does not come up. */
    public static RedisServer launch(Persistence persistence) {
        RedisServer server = new RedisServer(persistence);
        try {
            return server.start();
        } catch (RuntimeException | Error e) {
            server.close();
            throw e;
        }
    }

    public static RedisServer launch() {
        return launch(Persistence.NONE);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts (or starts again) on the same port and directory, with the current {@link Persistence}. */
    public RedisServer start() {
        return start(persistence);
    }

    /**
     * Starts with {@code newPersistence} and waits until it answers PING. Switching from AOF to
     * {@link Persistence#NONE} makes a restart come up empty: the old append-only file is not read.
     */
    public RedisServer start(Persistence newPersistence) {
        if (isRunning()) {
            throw new IllegalStateException(this + " is already running");
        }
        this.persistence = newPersistence;
        List<String> command = new ArrayList<>(List.of(executable,
                "--port", Integer.toString(port),
                "--bind", HOST,
                "--protected-mode", "yes",
                "--dir", dir.toString(),
                "--save", "",
                "--appendonly", newPersistence.appendOnly,
                "--appendfsync", newPersistence.appendFsync,
                "--daemonize", "no"));
        run(command, dir, log);
        awaitPing();
        return this;
    }

    private void awaitPing() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw failure("redis-server exited with " + process.exitValue() + " while starting", null);
            }
            try (RespClient client = RespClient.connect(port)) {
                Object reply = client.command("PING");
                if ("PONG".equals(reply)) {
                    return;
                }
                // e.g. "-LOADING Redis is loading the dataset in memory": ask again
                last = new IllegalStateException("PING answered " + reply);
            } catch (UncheckedIOException e) {
                last = e;
            }
            sleep(Duration.ofMillis(50));
        }
        process.destroyForcibly();
        awaitExit();
        throw failure("redis-server did not answer PING within " + STARTUP, last);
    }

    /** {@code SHUTDOWN NOSAVE} and waits for the exit; SIGTERM, then SIGKILL, if it does not go. */
    public void stop() {
        if (!isRunning()) {
            return;
        }
        resume();
        try (RespClient client = RespClient.connect(port)) {
            // No reply on success: the server closes the connection as it exits.
            client.send("SHUTDOWN", "NOSAVE");
            client.read(SHUTDOWN);
        } catch (UncheckedIOException expected) {
            // the closed connection, or no connection at all: the wait below decides
        }
        if (!waitFor(SHUTDOWN)) {
            process.destroy();
        }
        awaitExit();
    }





    /** Stops the server (SIGKILL if need be) and deletes its directory. */
    @Override
    public void close() {
        try {
            if (isRunning()) {
                resume();
                kill();
            }
        } finally {
            ChildProcesses.deleteRecursively(dir);
        }
    }

    // ------------------------------------------------------------------ access

    /**
     * Runs one command on a fresh connection and returns its parsed reply (see {@link RespClient}):
     * a fresh connection survives restarts and {@code CLIENT KILL}.
     */
    public Object command(String... args) {
        try (RespClient client = RespClient.connect(port)) {
            return client.command(args);
        }
    }

    /** A connection of its own, e.g. to {@code SUBSCRIBE} and read pushed messages. */
    public RespClient connect() {
        return RespClient.connect(port);
    }

    public int port() {
        return port;
    }

    public String host() {
        return HOST;
    }

    public Path dir() {
        return dir;
    }

    /** Spring Boot's connection properties for this server, as {@code key=value}. */
    public List<String> springProperties() {
        return List.of("spring.data.redis.host=" + HOST, "spring.data.redis.port=" + port);
    }

    public String logTail() {
        return ChildProcesses.tail(log, TAIL_LINES);
    }

    private IllegalStateException failure(String what, Throwable cause) {
        return new IllegalStateException(this + ": " + what + "; " + log + " ends with:\n" + logTail(), cause);
    }

    private boolean waitFor(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String toString() {
        return "RedisServer[" + HOST + ":" + port + ", " + persistence
                + ", " + state() + "]";
    }
}
