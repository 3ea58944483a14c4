package io.roomwire.cluster;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.roomwire.chat.ChatProperties;
import io.roomwire.chat.IdentityRegistry;
import io.roomwire.chat.IdentityStore;
import io.roomwire.chat.NodeName;
import io.roomwire.chat.RoomRegistry;
import io.roomwire.chat.RoomRelay;
import io.roomwire.chat.RoomStore;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * {@code roomwire.cluster.mode=redis}: rooms, history, presence and moderation shared by every node
 * through Redis, reached with Spring Boot's {@code spring.data.redis.*} connection (Lettuce).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "roomwire.cluster.mode", havingValue = "redis")
class RedisClusterConfiguration {

    /** While Redis is unreachable a command fails at once instead of queueing until its timeout. */
    @Bean
    LettuceClientOptionsBuilderCustomizer roomwireRejectWhileDisconnected() {
        return builder -> builder.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    NodeName nodeName(ClusterProperties cluster) {
        String id = cluster.nodeId().isEmpty()
                ? HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong())).substring(0, 10)
                : cluster.nodeId();
        return new NodeName(id + ".");
    }

    @Bean
    RedisKeys redisKeys(ClusterProperties cluster) {
        return new RedisKeys(cluster.keyPrefix());
    }

    @Bean
    ClusterCounters clusterCounters() {
        return new ClusterCounters();
    }

    @Bean
    EventCodec clusterEventCodec() {
        return new EventCodec();
    }

    @Bean
    RedisGateway redisGateway(StringRedisTemplate template, ClusterCounters counters) {
        return new RedisGateway(template, counters);
    }

    @Bean
    RoomHistory roomHistory(RedisGateway redis, RedisKeys keys, EventCodec codec) {
        return new RoomHistory(redis, keys, codec);
    }

    /** Lettuce's own pub/sub connection: it resubscribes by itself after a reconnect. */
    @Bean(destroyMethod = "close")
    StatefulRedisPubSubConnection<String, String> roomwirePubSub(LettuceConnectionFactory factory) {
        factory.start();
        return ((RedisClient) factory.getRequiredNativeClient()).connectPubSub();
    }

    @Bean(destroyMethod = "close")
    RoomFeed roomFeed(RoomRegistry rooms, RedisKeys keys, StatefulRedisPubSubConnection<String, String> roomwirePubSub,
            RoomHistory history, EventCodec codec, ClusterCounters counters, NodeName node, ClusterProperties cluster) {
        int threads = cluster.deliveryThreads() > 0 ? cluster.deliveryThreads() : Runtime.getRuntime().availableProcessors();
        return new RoomFeed(rooms, keys, roomwirePubSub, history, codec, counters, nodeId(node), threads);
    }

    @Bean
    RoomRelay roomRelay(RoomFeed feed) {
        return new RedisRoomRelay(feed);
    }

    @Bean
    RoomStore roomStore(RedisGateway redis, RedisKeys keys, EventCodec codec, RoomHistory history, RoomFeed feed,
            ChatProperties chat, ClusterProperties cluster, NodeName node) {
        return new RedisRoomStore(redis, keys, codec, history, feed, chat, cluster, nodeId(node));
    }

    @Bean
    IdentityStore identityStore(RedisGateway redis, RedisKeys keys, EventCodec codec, ClusterProperties cluster,
            ChatProperties chat) {
        return new RedisIdentityStore(redis, keys, codec, identityTtl(cluster, chat));
    }

    /** {@code identity-ttl}, or the resume window when that is longer (a token must outlive it). */
    private static Duration identityTtl(ClusterProperties cluster, ChatProperties chat) {
        return cluster.identityTtl().compareTo(chat.resumeWindow()) > 0 ? cluster.identityTtl() : chat.resumeWindow();
    }

    @Bean
    RedisOperatorRelay operatorRelay(RedisGateway redis, RedisKeys keys, NodeName node, RoomFeed feed) {
        RedisOperatorRelay relay = new RedisOperatorRelay(redis, keys, nodeId(node));
        feed.onControl(relay::received);
        return relay;
    }

    @Bean
    NodeHeartbeat nodeHeartbeat(RedisGateway redis, RedisKeys keys, RoomFeed feed, RoomRegistry rooms,
            ClusterCounters counters, ApplicationEventPublisher events, NodeName node, ClusterProperties cluster,
            ChatProperties chat, RedisOperatorRelay operatorRelay, EventCodec codec, IdentityRegistry identities) {
        // Live connections' tokens are written again three times per TTL, so none lapses while connected.
        return new NodeHeartbeat(redis, keys, feed, rooms, counters, events, nodeId(node), cluster,
                chat.presenceEventLimit(), operatorRelay, codec, identities, identityTtl(cluster, chat).dividedBy(3));
    }

    /** {@code /actuator/health}'s {@code redis}: whether this node's last heartbeat reached Redis. */
    @Bean
    HealthIndicator redisHealthIndicator(ClusterCounters counters, NodeName node) {
        return () -> (counters.isUp() ? Health.up() : Health.down().withDetail("error", "Redis is unreachable"))
                .withDetail("node", nodeId(node)).build();
    }

    private static String nodeId(NodeName node) {
        return node.prefix().substring(0, node.prefix().length() - 1);
    }

    private static byte[] longBytes(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }
}
