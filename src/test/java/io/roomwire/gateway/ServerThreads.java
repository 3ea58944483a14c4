package io.roomwire.gateway;

import io.roomwire.testsupport.ChatClient;
import static org.assertj.core.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The server under test runs in the test's JVM, so its threads can be watched: deadlocks found
 * and reported with their stacks, and a test can wait until server threads queue on a lock.
 */
final class ServerThreads {

    private ServerThreads() {
    }

    /** Threads deadlocked on monitors or locks, each with the top of its stack; empty when none. */
    static List<String> deadlocks() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            return List.of();
        }
        List<String> report = new ArrayList<>();
        for (ThreadInfo info : threads.getThreadInfo(ids, true, true)) {
            StringBuilder sb = new StringBuilder(info.getThreadName()).append(" blocked on ").append(info.getLockName())
                    .append(" held by ").append(info.getLockOwnerName());
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < Math.min(8, stack.length); i++) {
                sb.append("\n    at ").append(stack[i]);
            }
            report.add(sb.toString());
        }
        return report;
    }

    /** Waits (bounded) until at least {@code count} threads are blocked entering {@code monitor}. */
    static void awaitBlockedOn(Object monitor, int count) throws InterruptedException {
        Duration timeout = ChatClient.TIMEOUT;
        int hash = System.identityHashCode(monitor);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(true, false);
            List<String> blocked = Arrays.stream(threads)
                    .filter(t -> t.getThreadState() == Thread.State.BLOCKED && t.getLockInfo() != null
                            && t.getLockInfo().getIdentityHashCode() == hash)
                    .map(ThreadInfo::getThreadName).toList();
            if (blocked.size() >= count) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail("%d threads blocked on %s within %s, expected %d: %s", blocked.size(), monitor, timeout, count,
                        blocked);
            }
            Thread.sleep(5);
        }
    }
}
