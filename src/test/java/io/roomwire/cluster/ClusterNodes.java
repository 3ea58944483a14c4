package io.roomwire.cluster;

import io.roomwire.testsupport.NodeProcess;
import io.roomwire.testsupport.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Node launch settings shared by the cluster tests: Redis mode, fast heartbeats, generous flood budgets. */
final class ClusterNodes {

    /** roomwire.cluster.node-ttl below: how long a dead node's members may linger. */
    static final long NODE_TTL_MILLIS = 2000;

    private ClusterNodes() {
    }

    /** Two nodes started side by side (each JVM start takes seconds). */
    static NodeProcess[] startPair(String first, String second, RedisServer redis, String... extra) {
        CompletableFuture<NodeProcess> a = CompletableFuture.supplyAsync(() -> start(first, redis, extra));
        CompletableFuture<NodeProcess> b = CompletableFuture.supplyAsync(() -> start(second, redis, extra));
        return new NodeProcess[] {a.join(), b.join()};
    }

    /** Closes each, best effort, so a failing close does not keep the others running. */
    static void closeQuietly(AutoCloseable... resources) {
        for (AutoCloseable c : resources) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort: the next one still gets closed
            }
        }
    }

    static NodeProcess start(String name, RedisServer redis, String... extra) {
        List<String> properties = new ArrayList<>(List.of(
                "roomwire.cluster.mode=redis",
                "roomwire.cluster.node-id=" + name,
                "roomwire.cluster.heartbeat-interval=300ms",
                "roomwire.cluster.node-ttl=" + NODE_TTL_MILLIS + "ms",
                "roomwire.chat.flood.chat-per-second=1000",
                "roomwire.chat.flood.chat-burst=1000",
                "spring.data.redis.timeout=1s"));
        properties.addAll(redis.springProperties());
        properties.addAll(List.of(extra));
        return NodeProcess.launch(name, properties.toArray(String[]::new));
    }
}
