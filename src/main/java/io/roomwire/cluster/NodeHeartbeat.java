package io.roomwire.cluster;

import io.roomwire.chat.IdentityRegistry;
import io.roomwire.chat.Member;
import io.roomwire.chat.Room;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.Ticker;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;

/**
 * A node's periodic cluster work, every {@code heartbeat-interval} on one thread:
 * <ul>
 * <li>renews this node's heartbeat key (expiring after {@code node-ttl});</li>
 * <li>reaps dead nodes: one live node wins a short lock per dead one and removes its members
 *     from every room it had, each announced exactly once (the leave script removes atomically);</li>
 * <li>writes the resume tokens of this node's live connections again, every third of their TTL,
 *     so a token stays resumable elsewhere however long its connection lasted, even if this node
 *     dies without a goodbye or Redis lost its data;</li>
 * <li>catches every room of this node up from its stream, which delivers whatever pub/sub lost
 *     (a killed subscriber, a reconnect);</li>
 * <li>tracks whether Redis answers: readiness goes to REFUSING_TRAFFIC while it does not, so a load
 *     balancer sends new clients to a node that can serve them, and back once it does.</li>
 * </ul>
 */
final class NodeHeartbeat implements SmartLifecycle {

    private static final Logger LOG = Logger.getLogger(NodeHeartbeat.class.getName());

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final RoomFeed feed;
    private final RoomRegistry rooms;
    private final ClusterCounters counters;
    private final ApplicationEventPublisher events;
    private final String nodeId;
    private final Duration interval;
    private final Duration ttl;
    private final int presenceEventLimit;
    private final RedisOperatorRelay operators;
    private final EventCodec codec;
    private final IdentityRegistry identities;
    private final long identityRefreshNanos;
    private long identitiesRefreshed;
    private final Ticker ticker = new Ticker("roomwire-cluster");
    private volatile boolean refusing;

    NodeHeartbeat(RedisGateway redis, RedisKeys keys, RoomFeed feed, RoomRegistry rooms, ClusterCounters counters,
            ApplicationEventPublisher events, String nodeId, ClusterProperties properties, int presenceEventLimit,
            RedisOperatorRelay operators, EventCodec codec, IdentityRegistry identities, Duration identityRefresh) {
        this.identities = identities;
        this.identityRefreshNanos = identityRefresh.toNanos();
        this.identitiesRefreshed = System.nanoTime();
        this.operators = operators;
        this.codec = codec;
        this.redis = redis;
        this.keys = keys;
        this.feed = feed;
        this.rooms = rooms;
        this.counters = counters;
        this.events = events;
        this.nodeId = nodeId;
        this.interval = properties.heartbeatInterval();
        this.ttl = properties.nodeTtl();
        this.presenceEventLimit = presenceEventLimit;
    }

    @Override
    public synchronized void start() {
        ticker.start();
        ticker.everyDelay(0, interval.toMillis(), this::tick);
    }

    void tick() {
        try {
            if (!feed.connected()) {
                throw new IllegalStateException("The pub/sub connection is down");
            }
            beat();
            operators.publishSnapshot(ttl);
            reapDeadNodes();
            for (String name : feed.roomNames()) {
                Room room = rooms.find(name);
                if (room != null) {
                    feed.catchUp(room);
                }
            }
            boolean recovered = counters.setUp(true);
            long now = System.nanoTime();
            if (recovered || now - identitiesRefreshed >= identityRefreshNanos) {
                identities.refreshAll();
                identitiesRefreshed = now;
            }
            if (recovered) {
                counters.reconnected();
                restorePresence();
                LOG.info("Redis answers again: presence restored, rooms caught up, accepting traffic");
            }
            if (refusing) {
                refusing = false;
                AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
            }
        } catch (RuntimeException e) {
            if (counters.setUp(false)) {
                LOG.log(Level.WARNING, "Redis is unreachable: sends fail with 'unavailable' until it answers", e);
            }
            if (!refusing) {
                refusing = true;
                AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
            }
        }
    }

    /**
     * After an outage, writes this node's members back into presence: a Redis that restarted
     * without persistence forgot them, one with it keeps them (the writes are idempotent).
     */
    private void restorePresence() {
        for (String name : feed.roomNames()) {
            Room room = rooms.find(name);
            if (room == null) {
                continue;
            }
            Map<String, String> entries = new HashMap<>();
            for (Member member : room.members()) {
                entries.put(member.id(), codec.user(member.user()));
            }
            if (!entries.isEmpty()) {
                redis.call(() -> {
                    redis.template().opsForHash().putAll(keys.presence(name), entries);
                    redis.template().opsForSet().add(keys.rooms(), name);
                    redis.template().opsForSet().add(keys.nodeRooms(nodeId), name);
                    return null;
                });
            }
        }
    }

    private void beat() {
        redis.call(() -> {
            redis.template().opsForValue().set(keys.node(nodeId), Long.toString(System.currentTimeMillis()), ttl);
            redis.template().opsForSet().add(keys.nodes(), nodeId);
            return null;
        });
    }

    private void reapDeadNodes() {
        Set<String> nodes = redis.call(() -> redis.template().opsForSet().members(keys.nodes()));
        if (nodes == null) {
            return;
        }
        for (String other : nodes) {
            if (other.equals(nodeId) || Boolean.TRUE.equals(redis.call(() -> redis.template().hasKey(keys.node(other))))) {
                continue;
            }
            Boolean won = redis.call(() -> redis.template().opsForValue().setIfAbsent(keys.reaper(other), nodeId, ttl));
            if (Boolean.TRUE.equals(won)) {
                removeMembersOf(other);
                redis.call(() -> redis.template().opsForSet().remove(keys.nodes(), other));
                counters.nodeReaped();
                LOG.info("Node " + other + " stopped its heartbeat: its members left their rooms");
            }
        }
    }

    /** Removes every presence entry of a node, each announced once. */
    private void removeMembersOf(String node) {
        Set<String> its = redis.call(() -> redis.template().opsForSet().members(keys.nodeRooms(node)));
        if (its != null) {
            for (String room : its) {
                redis.script(RedisGateway.LEAVE, List.of(keys.presence(room), keys.channel(room)),
                        Integer.toString(presenceEventLimit), "prefix", node + ".");
            }
        }
        redis.call(() -> redis.template().delete(keys.nodeRooms(node)));
    }

    @Override
    public synchronized void stop() {
        if (!ticker.stop()) {
            return;
        }
        try {
            // A graceful stop leaves at once instead of waiting for the others to reap it.
            removeMembersOf(nodeId);
            redis.call(() -> {
                redis.template().delete(List.of(keys.node(nodeId), keys.nodeConnections(nodeId)));
                redis.template().opsForSet().remove(keys.nodes(), nodeId);
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "Could not leave the cluster cleanly; the others reap this node", e);
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return ticker.isRunning();
    }

    /** Stops after the connections were drained (their leaves use Redis) and before Redis closes. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
}
