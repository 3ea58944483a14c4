package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake must call {@code onWritePossible()} exactly when a Servlet container would, or the engine
 * tests would test the fake. These pin its model of the non-blocking output contract.
 */
class MemoryTransportTests {

    private final AtomicInteger callbacks = new AtomicInteger();
    private final MemoryTransport transport = new MemoryTransport(Runnable::run);

    @BeforeEach
    void listen() {
        transport.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                callbacks.incrementAndGet();
            }

            @Override
            public void onError(Throwable t) {
            }
        });
    }

    @Test
    void theContainerCallsOnWritePossibleOnceAfterTheListenerIsSet() {
        transport.setReady(true);
        transport.setReady(true);

        assertThat(callbacks).hasValue(1);
    }

    @Test
    void aCallbackIsOwedOnlyAfterIsReadyAnsweredFalse() throws IOException {
        transport.setReady(true);
        transport.write(new byte[3], 0, 3); // legal inside the first callback
        transport.setReady(false);
        transport.setReady(true);
        assertThat(callbacks).as("nobody asked while not ready: nothing owed").hasValue(1);

        transport.setReady(false);
        assertThat(transport.isReady()).isFalse();
        assertThat(transport.isReady()).isFalse();
        transport.setReady(true);
        transport.setReady(true);

        assertThat(callbacks).as("one callback per stall, however often it was asked").hasValue(2);
        assertThat(transport.violations()).isEmpty();
    }

    @Test
    void writingAfterAFalseAnswerAndBeforeTheCallbackBreaksTheContract() {
        transport.setReady(true);
        transport.setReady(false);
        assertThat(transport.isReady()).isFalse();

        assertThatIllegalStateException().isThrownBy(() -> transport.write(new byte[1], 0, 1));
        assertThatIllegalStateException().isThrownBy(transport::flush);
        assertThat(transport.violations()).hasSize(2);
    }

    @Test
    void aWriteAfterATrueAnswerIsLegalEvenIfTheNetworkStallsMeanwhile() throws IOException {
        transport.setReady(true);
        assertThat(transport.isReady()).isTrue();
        transport.setReady(false); // the container buffers what it already promised to take

        transport.write(new byte[2], 0, 2);

        assertThat(transport.violations()).isEmpty();
        assertThat(transport.size()).isEqualTo(2);
    }

    @Test
    void stallAfterWritesTurnsNotReadyAfterThatManyWrites() throws IOException {
        transport.setReady(true);
        transport.stallAfterWrites(2);

        transport.write(new byte[1], 0, 1);
        assertThat(transport.isReady()).isTrue();
        transport.write(new byte[1], 0, 1);

        assertThat(transport.isReady()).isFalse();
        assertThat(transport.writes()).containsExactly(1, 1);
    }

    @Test
    void aClosedConnectionIsNeverReadyAndFailsWrites() {
        transport.setReady(true);
        transport.setReady(false);
        assertThat(transport.isReady()).isFalse();

        transport.close();
        transport.setReady(true);

        assertThat(callbacks).as("no callback on a closed connection").hasValue(1);
        assertThat(transport.isReady()).isFalse();
        assertThatIOException().isThrownBy(() -> transport.write(new byte[1], 0, 1));
        assertThat(transport.violations()).isEmpty();
        assertThat(transport.bytesAtClose()).isZero();
    }
}
