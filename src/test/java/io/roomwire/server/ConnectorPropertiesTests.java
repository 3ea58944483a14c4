package io.roomwire.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.roomwire.websocket.DeflatePolicy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/** The connector buffer and writer-pool limits at their edges. */
class ConnectorPropertiesTests {

    @Test
    void buffersFrom256BytesTo1MegabyteAreAccepted() {
        assertThat(new ConnectorProperties(DataSize.ofBytes(256), DataSize.ofMegabytes(1), Duration.ofSeconds(10), true).readBuffer().toBytes())
                .isEqualTo(256);
        assertThat(new ConnectorProperties(DataSize.ofMegabytes(1), DataSize.ofBytes(256), Duration.ofSeconds(10), true).writeBuffer(true).toBytes())
                .as("a configured size is kept, over TLS too").isEqualTo(256);
    }

    @Test
    void theWriteBufferIsSmallOnlyWhenFramesGoStraightToTheSocket() {
        assertThat(new ConnectorProperties(DataSize.ofBytes(512), null, Duration.ofSeconds(10), true).writeBuffer(false))
                .isEqualTo(DataSize.ofBytes(512));
        assertThat(new ConnectorProperties(DataSize.ofBytes(512), null, Duration.ofSeconds(10), false).writeBuffer(false))
                .isEqualTo(DataSize.ofKilobytes(2));
        assertThat(new ConnectorProperties(DataSize.ofBytes(512), null, Duration.ofSeconds(10), true).writeBuffer(true))
                .as("over TLS frames go through it").isEqualTo(DataSize.ofKilobytes(8));
    }

    @Test
    void buffersOutsideTheRangeAreRefusedWithTheirPropertyName() {
        assertThatThrownBy(() -> new ConnectorProperties(DataSize.ofBytes(255), DataSize.ofKilobytes(2), Duration.ofSeconds(10), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomwire.connector.read-buffer").hasMessageContaining("255B");
        assertThatThrownBy(() -> new ConnectorProperties(DataSize.ofKilobytes(1), DataSize.ofBytes(1024 * 1024 + 1), Duration.ofSeconds(10), true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomwire.connector.write-buffer");
    }

    @Test
    void flushThreadsZeroMeansOnePerProcessorAndNegativeIsRefused() {
        assertThat(webSocket(0).effectiveFlushThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(webSocket(3).effectiveFlushThreads()).isEqualTo(3);
        assertThatThrownBy(() -> webSocket(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomwire.websocket.flush-threads");
    }

    private static WebSocketProperties webSocket(int flushThreads) {
        return new WebSocketProperties(DataSize.ofKilobytes(64), DataSize.ofKilobytes(64), DataSize.ofMegabytes(1),
                Duration.ofSeconds(60), Duration.ofSeconds(25), Duration.ofSeconds(5), Duration.ofSeconds(30),
                Duration.ofSeconds(1), List.of(), WebSocketProperties.FlushMode.WORKERS, flushThreads,
                Duration.ofSeconds(30), 256, 256, 20, 40, 128, List.of(),
                new WebSocketProperties.Deflate(DeflatePolicy.Mode.OFF, DataSize.ofBytes(256), 6));
    }
}
