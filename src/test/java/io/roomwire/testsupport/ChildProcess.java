package io.roomwire.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A server a test runs as a child process and may kill (SIGKILL), pause (SIGSTOP) and resume
 * (SIGCONT), and start again: the part {@link NodeProcess} and {@link RedisServer} share. Not
 * thread-safe: one test drives it.
 */
abstract class ChildProcess implements AutoCloseable {

    /** The current run; replaced by each start. */
    protected Process process;
    private boolean paused;
    private final Duration exitWait;

    /** @param exitWait how long to wait for the process to go after a signal to stop */
    protected ChildProcess(Duration exitWait) {
        this.exitWait = exitWait;
    }

    /** Runs {@code command} in {@code dir}, its output appended to {@code log}; killed if the test JVM exits. */
    protected final void run(List<String> command, Path dir, Path log) {
        try {
            process = ChildProcesses.killOnExit(new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(log.toFile()))
                    .start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + this + ": " + command.getFirst(), e);
        }
        paused = false;
    }

    /** Waits for the current run to exit, up to the exit wait. */
    protected final void awaitExit() {
        ChildProcesses.awaitExit(process, exitWait);
    }

    /** SIGKILL: no shutdown of any kind. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        awaitExit();
        paused = false;
    }

    /** SIGSTOP: connections stay open but nothing answers, like a long GC pause or a partition. */
    public void pause() {
        if (isRunning() && !paused) {
            ChildProcesses.pause(process);
            paused = true;
        }
    }

    /** SIGCONT after {@link #pause()}. */
    public void resume() {
        if (isRunning() && paused) {
            ChildProcesses.resume(process);
            paused = false;
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Sleeps between polls while a test waits for the process; an interrupt ends the test. */
    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** For {@code toString}: running, paused or stopped. */
    protected final String state() {
        return isRunning() ? (paused ? "paused" : "running") : "stopped";
    }
}
