package io.roomwire.testsupport;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Requires a {@code redis-server} binary, the way {@link ExternalTools} requires Chromium and Node:
 * missing, it skips the test on a developer machine and fails it when {@code CI=true}
 * ({@code .ci/run} installs Debian's redis-server package). Use {@link RequiresRedis} on a class or
 * method, or call {@link #require()} directly; {@link RedisServer} calls it itself. The class-level
 * check runs before any Spring context of the class is built.
 */
public final class RedisAvailability implements BeforeAllCallback, BeforeEachCallback {

    public static final String DEBIAN_LOCATION = "/usr/bin/redis-server";

    /** The path of redis-server; skips or fails the calling test when there is none. */
    public static String require() {
        return ExternalTools.require("redis-server", "Debian's redis-server package (Redis 7)", DEBIAN_LOCATION);
    }

    /** The path of redis-server, or null: for code that must not skip. */
    public static String find() {
        return ExternalTools.find("redis-server", DEBIAN_LOCATION);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        require();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        require();
    }
}
