package io.roomwire.cluster;

import io.roomwire.chat.OperatorRelay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Operators' commands over the cluster's control channel, and each node's connection snapshot in a
 * key that expires with its heartbeat (so a dead node's connections vanish from listings). A
 * published command is {@code <origin node>:<command>}; a node ignores its own. Thread-safe.
 */
final class RedisOperatorRelay implements OperatorRelay {

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final String nodeId;
    private volatile Consumer<String> handler = command -> { };
    private volatile Supplier<String> snapshot = () -> "[]";

    RedisOperatorRelay(RedisGateway redis, RedisKeys keys, String nodeId) {
        this.redis = redis;
        this.keys = keys;
        this.nodeId = nodeId;
    }

    @Override
    public void broadcast(String command) {
        redis.call(() -> redis.template().convertAndSend(keys.control(), nodeId + ":" + command));
    }

    @Override
    public void onCommand(Consumer<String> handler) {
        this.handler = handler;
    }

    /** A payload from the control channel. */
    void received(String payload) {
        int colon = payload.indexOf(':');
        if (colon > 0 && !payload.substring(0, colon).equals(nodeId)) {
            handler.accept(payload.substring(colon + 1));
        }
    }

    @Override
    public void shareConnections(Supplier<String> snapshot) {
        this.snapshot = snapshot;
    }

    /** Called by the heartbeat: this node's snapshot, expiring with it. */
    void publishSnapshot(Duration ttl) {
        String text = snapshot.get();
        redis.call(() -> {
            redis.template().opsForValue().set(keys.nodeConnections(nodeId), text, ttl);
            return null;
        });
    }

    @Override
    public List<String> otherNodesConnections() {
        Set<String> nodes = redis.call(() -> redis.template().opsForSet().members(keys.nodes()));
        List<String> out = new ArrayList<>();
        if (nodes != null) {
            for (String node : nodes) {
                if (!node.equals(nodeId)) {
                    String text = redis.call(() -> redis.template().opsForValue().get(keys.nodeConnections(node)));
                    if (text != null) {
                        out.add(text);
                    }
                }
            }
        }
        return out;
    }
}
