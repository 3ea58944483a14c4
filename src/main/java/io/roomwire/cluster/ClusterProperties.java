package io.roomwire.cluster;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwire.cluster.*}: one node in memory, or several sharing rooms through Redis. The Redis
 * connection itself comes from Spring Boot's {@code spring.data.redis.*}.
 *
 * @param mode              {@code memory} (one node, the default) or {@code redis}
 * @param nodeId            this node's id in presence entries and connection ids; empty: a random one per start
 * @param keyPrefix         prefix of every Redis key and channel
 * @param heartbeatInterval how often a node renews its heartbeat, reaps dead nodes and checks its
 *                          rooms for messages that pub/sub lost
 * @param nodeTtl           a node whose heartbeat is older than this is dead: its members leave
 * @param dedupTtl          how long a sent {@code ref} is remembered in Redis for de-duplication
 * @param identityTtl       how long a resume token is kept in Redis after its last connection closed
 * @param deliveryThreads   threads that deliver published messages to this node's members, each room
 *                          always on the same one (0: one per processor)
 */
@ConfigurationProperties("roomwire.cluster")
public record ClusterProperties(
        @DefaultValue("memory") Mode mode,
        @DefaultValue("") String nodeId,
        @DefaultValue("rw") String keyPrefix,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("10s") Duration nodeTtl,
        @DefaultValue("10m") Duration dedupTtl,
        @DefaultValue("10m") Duration identityTtl,
        @DefaultValue("0") int deliveryThreads) {

    public enum Mode { MEMORY, REDIS }

    public ClusterProperties {
        if (!nodeId.matches("[A-Za-z0-9-]{0,32}")) {
            throw new IllegalArgumentException("roomwire.cluster.node-id must be 0-32 characters of A-Z a-z 0-9 -");
        }
        if (!keyPrefix.matches("[A-Za-z0-9_.-]{1,32}")) {
            throw new IllegalArgumentException("roomwire.cluster.key-prefix must be 1-32 characters of A-Z a-z 0-9 _ . -");
        }
        if (heartbeatInterval.toMillis() < 100 || nodeTtl.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "roomwire.cluster.heartbeat-interval must be >= 100ms and node-ttl at least twice it");
        }
        if (dedupTtl.toMillis() < 1000 || identityTtl.toMillis() < 1000 || deliveryThreads < 0) {
            throw new IllegalArgumentException("roomwire.cluster.dedup-ttl and identity-ttl must be >= 1s, "
                    + "delivery-threads >= 0");
        }
    }
}
