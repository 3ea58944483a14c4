package io.roomwire.cluster;

import io.roomwire.testsupport.NodeProcess;
import io.roomwire.testsupport.RedisServer;
import java.util.ArrayList;
import java.util.List;

/** Node launch settings shared by the cluster tests: Redis mode, fast heartbeats, generous flood budgets. */
final class ClusterNodes {

    /** roomwire.cluster.node-ttl below: how long a dead node's members may linger. */
    static final long NODE_TTL_MILLIS = 2000;

    private ClusterNodes() {
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
