package io.roomwire.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The test needs a real {@code redis-server}: skipped without one, failed without one when
 * {@code CI=true} (see {@link RedisAvailability}). Put it before {@code @SpringBootTest} so a class
 * is skipped before its context tries to reach Redis.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(RedisAvailability.class)
public @interface RequiresRedis {
}
