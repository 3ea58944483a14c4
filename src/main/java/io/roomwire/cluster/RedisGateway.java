package io.roomwire.cluster;

import io.roomwire.chat.ChatException;
import io.roomwire.chat.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.core.io.ClassPathResource;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The one way this package talks to Redis for commands: Spring Data Redis's template on Lettuce's
 * shared connection (pipelined automatically), scripts by EVALSHA with the NOSCRIPT fallback. A
 * Redis that cannot be reached becomes {@code unavailable}, counted, so callers answer the client
 * with an {@code error} and accept nothing. Thread-safe.
 */
final class RedisGateway {

    static final RedisScript<List> POST = script("post");
    static final RedisScript<List> JOIN = script("join");
    static final RedisScript<List> LEAVE = script("leave");
    static final RedisScript<List> RANGE = script("range");
    static final RedisScript<Long> DELETE = new DefaultRedisScript<>(text("delete"), Long.class);

    private final StringRedisTemplate template;
    private final ClusterCounters counters;

    RedisGateway(StringRedisTemplate template, ClusterCounters counters) {
        this.template = template;
        this.counters = counters;
    }

    StringRedisTemplate template() {
        return template;
    }

    <T> T script(RedisScript<T> script, List<String> keys, Object... args) {
        long start = System.nanoTime();
        T result = call(() -> template.execute(script, keys, args));
        counters.script(System.nanoTime() - start);
        return result;
    }

    /** Runs a Redis call; an unreachable or failing Redis becomes {@code unavailable}. */
    <T> T call(Supplier<T> call) {
        try {
            return call.get();
        } catch (DataAccessException e) {
            counters.failure();
            throw new ChatException(ErrorCode.UNAVAILABLE, "The chat store is unavailable; nothing was accepted, try again");
        }
    }

    private static RedisScript<List> script(String name) {
        return new DefaultRedisScript<>(text(name), List.class);
    }

    private static String text(String name) {
        try (var in = new ClassPathResource("cluster/" + name + ".lua").getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Missing script cluster/" + name + ".lua", e);
        }
    }
}
