package io.roomwire.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What {@link RedisServer} and {@link NodeProcess} share: a free loopback port, POSIX signals for
 * pausing a child, the tail of its log, and one JVM shutdown hook that SIGKILLs every child still
 * running, so an aborted test run leaves no redis-server or node behind.
 */
final class ChildProcesses {

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("roomwire-test-child-reaper").unstarted(
                () -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private ChildProcesses() {
    }

    /** Remembers {@code process} for the shutdown hook until {@link #forget}. */
    static Process killOnExit(Process process) {
        RUNNING.add(process);
        return process;
    }

    static void forget(Process process) {
        RUNNING.remove(process);
    }

    /**
     * A port nothing listens on right now. Another process may take it before the child binds it;
     * the child then fails to start and says so in its log.
     */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether something accepts TCP connections on the loopback {@code port}. */
    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(LOOPBACK, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * SIGSTOP, and waits until the kernel reports the process stopped: kill(2) only queues the
     * signal, and a JVM with threads on other cores can still answer a request meanwhile.
     */
    static void pause(Process process) {
        signal(process, "STOP");
        awaitState(process, true);
    }

    /** SIGCONT, and waits until the process is no longer stopped. */
    static void resume(Process process) {
        signal(process, "CONT");
        awaitState(process, false);
    }

    /**
     * Polls the state letter of every thread's /proc/PID/task/TID/stat (proc(5): the field after
     * the last ')'; T is stopped) until all of them agree with {@code stopped}.
     */
    private static void awaitState(Process process, boolean stopped) {
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (process.isAlive() && System.nanoTime() < deadline) {
            try (Stream<Path> threads = Files.list(tasks)) {
                if (threads.allMatch(thread -> isStopped(thread) == stopped)) {
                    return;
                }
            } catch (IOException | UncheckedIOException e) {
                if (!Files.isDirectory(tasks)) {
                    return; // no procfs: the signal is sent, that has to do
                }
            }
            Thread.onSpinWait();
        }
        if (process.isAlive()) {
            throw new IllegalStateException("pid " + process.pid() + (stopped ? " not stopped" : " still stopped"));
        }
    }

    private static boolean isStopped(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII);
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'T';
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a thread that ended meanwhile: look again
        }
    }

    /**
     * Sends a signal by name through kill(1): the JDK only has SIGTERM ({@link Process#destroy})
     * and SIGKILL ({@link Process#destroyForcibly}).
     */
    private static void signal(Process process, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for {@code process} to exit; SIGKILLs it when {@code grace} runs out. */
    static void awaitExit(Process process, Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            forget(process);
        }
    }

    /** The last {@code lines} lines of {@code log}, for failure messages. */
    static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log at " + log + ")";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log " + log + " unreadable: " + e + ")";
        }
    }

    static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp directory is harmless
        }
    }
}
