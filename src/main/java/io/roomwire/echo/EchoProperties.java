package io.roomwire.echo;

import io.roomwire.websocket.WebSocketPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code roomwire.echo.*}: the conformance-testing echo endpoint {@code /ws/echo}. Off by default;
 * its size limits default high enough for the Autobahn|TestSuite's 16 MiB messages. Timeouts and
 * compression are those of {@code roomwire.websocket.*}.
 *
 * @param enabled         serve {@code /ws/echo}
 * @param maxFrameSize    largest frame payload accepted
 * @param maxMessageSize  largest message accepted (and echoed)
 * @param maxQueuedBytes  outbound bytes queued per connection; an echo that does not fit closes 1013
 */
@ConfigurationProperties("roomwire.echo")
record EchoProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("16MB") DataSize maxFrameSize,
        @DefaultValue("16MB") DataSize maxMessageSize,
        @DefaultValue("64MB") DataSize maxQueuedBytes) {

    WebSocketPolicy toPolicy(WebSocketPolicy base) {
        return new WebSocketPolicy(Math.toIntExact(maxFrameSize.toBytes()), Math.toIntExact(maxMessageSize.toBytes()),
                maxQueuedBytes.toBytes(), base.idleTimeout(), base.pingInterval(), base.closeTimeout(),
                base.writeTimeout(), Duration.ZERO, Integer.MAX_VALUE, base.deflate());
    }
}
