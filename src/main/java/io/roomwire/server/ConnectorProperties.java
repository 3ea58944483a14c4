package io.roomwire.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roomwire.connector.*}: Tomcat's per-connection socket buffers, which every open connection
 * holds for its whole life, upgraded WebSockets included. Tomcat's own default is 8 KB each way,
 * 16 KB per connection: more than the rest of a RoomWire connection together. The engine reads into
 * its own per-thread buffer and coalesces writes itself, so small buffers cost only a few more
 * syscalls for large messages. Connection counts are Spring's {@code server.tomcat.max-connections}
 * and {@code server.tomcat.accept-count}.
 *
 * @param readBuffer  Tomcat's {@code socket.appReadBufSize}: the most one socket read returns
 * @param writeBuffer Tomcat's {@code socket.appWriteBufSize}: the most one socket write through Tomcat
 *                    sends; null for the default, {@link #writeBuffer(boolean)}
 * @param headerTimeout a request head (request line and headers, so also a WebSocket handshake) must
 *                      arrive whole within this long of its first byte, else TCP is dropped; 0 disables.
 *                      Tomcat's {@code connectionTimeout} only bounds the gap between two reads, so a
 *                      client trickling a byte at a time could hold a connection for hours.
 * @param directWrites  upgraded connections write straight to their socket (one syscall per coalesced
 *                      write, no copy into Tomcat's write buffer), except over TLS; false writes through
 *                      the Servlet stream, in pieces of {@code write-buffer}
 */
@ConfigurationProperties("roomwire.connector")
record ConnectorProperties(
        @DefaultValue("512B") DataSize readBuffer,
        DataSize writeBuffer,
        @DefaultValue("10s") Duration headerTimeout,
        @DefaultValue("true") boolean directWrites) {

    /** A floor, so a typo such as {@code 1B} cannot turn every socket read and write into a syscall per byte. */
    static final long MIN_BUFFER = 256;
    static final long MAX_BUFFER = 1024 * 1024;

    ConnectorProperties {
        check("read-buffer", readBuffer);
        if (writeBuffer != null) {
            check("write-buffer", writeBuffer);
        }
        if (headerTimeout.isNegative()) {
            throw new IllegalArgumentException("roomwire.connector.header-timeout must be 0 (off) or positive, was "
                    + headerTimeout);
        }
    }

    /**
     * The write buffer Tomcat gets: the configured one, else 512 B where WebSocket frames go straight
     * to the socket and only HTTP responses (the 101 among them) pass through it; where frames pass
     * through it too, Tomcat sends them in pieces of its size, so 2 KB, and Tomcat's own 8 KB over TLS
     * terminated by Tomcat (a TLS record holds up to 16 KB; frames never go straight to a TLS socket).
     */
    DataSize writeBuffer(boolean tls) {
        if (writeBuffer != null) {
            return writeBuffer;
        }
        if (tls) {
            return DataSize.ofKilobytes(8);
        }
        return directWrites ? DataSize.ofBytes(512) : DataSize.ofKilobytes(2);
    }

    private static void check(String name, DataSize size) {
        long bytes = size.toBytes();
        if (bytes < MIN_BUFFER || bytes > MAX_BUFFER) {
            throw new IllegalArgumentException("roomwire.connector." + name + " must be between " + MIN_BUFFER
                    + " bytes and 1MB, was " + size);
        }
    }
}
