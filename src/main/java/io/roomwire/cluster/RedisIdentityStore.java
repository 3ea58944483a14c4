package io.roomwire.cluster;

import io.roomwire.chat.IdentityStore;
import io.roomwire.chat.User;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.data.redis.connection.RedisStringCommands;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.types.Expiration;

/** Resume tokens in Redis, so {@code session} works on any node. Thread-safe. */
final class RedisIdentityStore implements IdentityStore {

    private final RedisGateway redis;
    private final RedisKeys keys;
    private final EventCodec codec;
    private final Duration ttl;

    RedisIdentityStore(RedisGateway redis, RedisKeys keys, EventCodec codec, Duration ttl) {
        this.redis = redis;
        this.keys = keys;
        this.codec = codec;
        this.ttl = ttl;
    }

    @Override
    public User find(String token) {
        try {
            String json = redis.template().opsForValue().get(keys.identity(token));
            return json == null ? null : codec.read("{\"t\":\"u\",\"u\":" + json + "}").u().user();
        } catch (RuntimeException e) {
            return null; // Redis down: the client gets a fresh identity rather than no connection
        }
    }

    @Override
    public void save(String token, User user) {
        try {
            redis.template().opsForValue().set(keys.identity(token), codec.user(user), ttl);
        } catch (RuntimeException e) {
            // Best effort: without it a reconnect to another node gets a new user id.
        }
    }

    /** One pipelined round trip for all of them. */
    @Override
    public void saveAll(Map<String, User> users) {
        Expiration expiration = Expiration.from(ttl);
        redis.call(() -> redis.template().executePipelined((RedisCallback<Object>) connection -> {
            users.forEach((token, user) -> connection.stringCommands().set(bytes(keys.identity(token)),
                    bytes(codec.user(user)), expiration, RedisStringCommands.SetOption.upsert()));
            return null;
        }));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
