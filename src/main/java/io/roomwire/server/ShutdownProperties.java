package io.roomwire.server;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code roomwire.shutdown.*}: on stop, new connections are refused (503) and the open ones are
 * closed with 1001 in batches of {@code batchSize} every {@code batchInterval}, so clients do not all
 * reconnect elsewhere at the same instant; whatever is still open after {@code timeout} is dropped.
 */
@ConfigurationProperties("roomwire.shutdown")
record ShutdownProperties(
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("500") int batchSize,
        @DefaultValue("20ms") Duration batchInterval) {
}
