package io.roomwire.websocket;

import java.time.Duration;

/**
 * The limits and timeouts of one endpoint: everything a client can make the server hold or wait
 * for is bounded here. Immutable.
 *
 * @param maxFrameSize   largest frame payload accepted; larger frames close with 1009
 * @param maxMessageSize largest reassembled message accepted; larger messages close with 1009
 * @param maxQueuedBytes outbound bytes a session may have queued before
 *                       {@link WebSocketHandler#onOverflow} decides
 * @param idleTimeout    close (1001) after this long with nothing received; zero disables
 * @param pingInterval   send a ping this often; zero disables
 * @param closeTimeout   after sending Close, drop the connection if the client has not answered
 * @param writeTimeout   drop the connection when the network has not taken queued bytes for this long
 * @param messageTimeout a data message (all its fragments, §5.4) must arrive whole within this long
 *                       of its first byte, else 1008; zero disables. The idle timeout cannot catch a
 *                       peer that trickles one byte at a time or sends endless empty continuations.
 * @param maxFragments   frames one data message may span (§5.4); more is 1008. Empty continuations
 *                       cost nothing against {@code maxMessageSize}, so this bounds the work per message.
 * @param deflate        permessage-deflate (RFC 7692): off, or how compressed connections are served
 */
public record WebSocketPolicy(int maxFrameSize, int maxMessageSize, long maxQueuedBytes, Duration idleTimeout,
        Duration pingInterval, Duration closeTimeout, Duration writeTimeout, Duration messageTimeout,
        int maxFragments, DeflatePolicy deflate) {

    public static final WebSocketPolicy DEFAULTS = new WebSocketPolicy(64 * 1024, 64 * 1024, 1024 * 1024,
            Duration.ofSeconds(60), Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofSeconds(30));

    /**
     * Without compression, a message timeout or a fragment limit (the echo endpoint's conformance runs
     * need none of them).
     */
    public WebSocketPolicy(int maxFrameSize, int maxMessageSize, long maxQueuedBytes, Duration idleTimeout,
            Duration pingInterval, Duration closeTimeout, Duration writeTimeout) {
        this(maxFrameSize, maxMessageSize, maxQueuedBytes, idleTimeout, pingInterval, closeTimeout, writeTimeout,
                Duration.ZERO, Integer.MAX_VALUE, DeflatePolicy.OFF);
    }

    /** Without compression. */
    public WebSocketPolicy(int maxFrameSize, int maxMessageSize, long maxQueuedBytes, Duration idleTimeout,
            Duration pingInterval, Duration closeTimeout, Duration writeTimeout, Duration messageTimeout,
            int maxFragments) {
        this(maxFrameSize, maxMessageSize, maxQueuedBytes, idleTimeout, pingInterval, closeTimeout, writeTimeout,
                messageTimeout, maxFragments, DeflatePolicy.OFF);
    }

    /** This policy with {@code deflate} instead. */
    public WebSocketPolicy withDeflate(DeflatePolicy deflate) {
        return new WebSocketPolicy(maxFrameSize, maxMessageSize, maxQueuedBytes, idleTimeout, pingInterval,
                closeTimeout, writeTimeout, messageTimeout, maxFragments, deflate);
    }

    public WebSocketPolicy {
        require(deflate != null, "deflate is required (DeflatePolicy.OFF for none)");
        require(maxFrameSize >= 125, "maxFrameSize must be at least 125 bytes");
        require(maxMessageSize >= 1, "maxMessageSize must be positive");
        require(maxQueuedBytes >= 1, "maxQueuedBytes must be positive");
        require(nonNegative(idleTimeout), "idleTimeout must be zero or positive");
        require(nonNegative(pingInterval), "pingInterval must be zero or positive");
        require(positive(closeTimeout), "closeTimeout must be positive");
        require(positive(writeTimeout), "writeTimeout must be positive");
        require(nonNegative(messageTimeout), "messageTimeout must be zero or positive");
        require(maxFragments >= 1, "maxFragments must be positive");
    }

    private static boolean nonNegative(Duration d) {
        return d != null && !d.isNegative();
    }

    private static boolean positive(Duration d) {
        return d != null && d.isPositive();
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
