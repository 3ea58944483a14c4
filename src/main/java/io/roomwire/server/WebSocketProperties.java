package io.roomwire.server;

import io.roomwire.websocket.AdmissionLimits;
import io.roomwire.websocket.DeflatePolicy;
import io.roomwire.websocket.WebSocketPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roomwire.websocket.*}: the engine's limits and timeouts for the chat endpoint {@code /ws},
 * and the handshake's origin allow-list.
 *
 * @param maxFrameSize    largest frame payload a client may send (1009 beyond)
 * @param maxMessageSize  largest reassembled message a client may send (1009 beyond)
 * @param maxQueuedBytes  outbound bytes queued per connection before the overflow policy applies
 * @param idleTimeout     close a connection with 1001 after this long without any inbound frame
 * @param pingInterval    how often the server pings each connection (0 disables)
 * @param closeTimeout    how long to wait for the client's Close before dropping TCP
 * @param writeTimeout    drop a connection whose socket has not accepted bytes for this long
 * @param sweepInterval   tick of the shared timeout sweeper (timeouts fire up to one tick late)
 * @param allowedOrigins  browser origins allowed besides the server's own ({@code *} for any)
 * @param flushMode       who writes queued frames to sockets: {@code workers} (a small pool, so a
 *                        broadcast only queues and frames queued meanwhile share one write) or
 *                        {@code inline} (the sending thread, one write per send)
 * @param flushThreads    writer threads in {@code workers} mode; 0 means one per available processor
 * @param messageTimeout  a message must arrive whole within this long of its first byte (1008 beyond; 0 off)
 * @param maxFragments    frames one message may span (1008 beyond)
 * @param maxConnectionsPerAddress open connections per client address (429 beyond; 0 off)
 * @param handshakesPerSecond      handshakes per second per client address (429 beyond; 0 off)
 * @param handshakeBurst           handshakes an address may make at once before the rate applies
 * @param maxHandshakesInFlight    handshakes processed at once, all addresses together (503 beyond; 0 off)
 * @param trustedProxies           proxies (addresses or CIDR blocks) whose {@code X-Forwarded-For} names the client
 * @param deflate         permessage-deflate (RFC 7692): {@code roomwire.websocket.deflate.*}
 */
@ConfigurationProperties("roomwire.websocket")
public record WebSocketProperties(
        @DefaultValue("64KB") DataSize maxFrameSize,
        @DefaultValue("64KB") DataSize maxMessageSize,
        @DefaultValue("1MB") DataSize maxQueuedBytes,
        @DefaultValue("60s") Duration idleTimeout,
        @DefaultValue("25s") Duration pingInterval,
        @DefaultValue("5s") Duration closeTimeout,
        @DefaultValue("30s") Duration writeTimeout,
        @DefaultValue("1s") Duration sweepInterval,
        @DefaultValue List<String> allowedOrigins,
        @DefaultValue("workers") FlushMode flushMode,
        @DefaultValue("0") int flushThreads,
        @DefaultValue("30s") Duration messageTimeout,
        @DefaultValue("256") int maxFragments,
        @DefaultValue("256") int maxConnectionsPerAddress,
        @DefaultValue("20") double handshakesPerSecond,
        @DefaultValue("40") int handshakeBurst,
        @DefaultValue("128") int maxHandshakesInFlight,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue Deflate deflate) {

    public enum FlushMode { WORKERS, INLINE }

    /**
     * {@code roomwire.websocket.deflate.*}: compression of WebSocket messages (RFC 7692), which
     * browsers offer on every connection.
     *
     * @param mode    {@code off} (default: offers are declined), {@code shared} (no context takeover
     *                either way: a broadcast is compressed once for all members, no zlib memory held
     *                between messages) or {@code dedicated} (context takeover, one deflater per
     *                connection: better ratio, about 300 KB of native memory per connection)
     * @param minSize messages smaller than this are sent uncompressed
     * @param level   zlib level, 1 (fastest) to 9 (smallest)
     */
    public record Deflate(
            @DefaultValue("off") DeflatePolicy.Mode mode,
            @DefaultValue("256B") DataSize minSize,
            @DefaultValue("6") int level) {

        public Deflate {
            if (level < 1 || level > 9) {
                throw new IllegalArgumentException("roomwire.websocket.deflate.level must be 1 to 9, was " + level);
            }
        }

        DeflatePolicy toPolicy() {
            return new DeflatePolicy(mode, Math.toIntExact(minSize.toBytes()), level);
        }
    }

    public WebSocketProperties {
        if (flushThreads < 0) {
            throw new IllegalArgumentException("roomwire.websocket.flush-threads must be >= 0 (0: one per processor), was "
                    + flushThreads);
        }
    }

    /** The writer threads to start in {@code workers} mode. */
    int effectiveFlushThreads() {
        return flushThreads > 0 ? flushThreads : Runtime.getRuntime().availableProcessors();
    }

    public WebSocketPolicy toPolicy() {
        return new WebSocketPolicy(Math.toIntExact(maxFrameSize.toBytes()), Math.toIntExact(maxMessageSize.toBytes()),
                maxQueuedBytes.toBytes(), idleTimeout, pingInterval, closeTimeout, writeTimeout, messageTimeout,
                maxFragments, deflate.toPolicy());
    }

    /** The handshake limits; they apply to every endpoint, as all share one upgrader. */
    public AdmissionLimits toAdmissionLimits() {
        return new AdmissionLimits(maxConnectionsPerAddress, handshakesPerSecond, handshakeBurst, maxHandshakesInFlight,
                trustedProxies);
    }
}
