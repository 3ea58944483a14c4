package io.roomwire.cluster;

import io.roomwire.chat.IdentityStore;
import io.roomwire.chat.User;
import java.time.Duration;

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
}
