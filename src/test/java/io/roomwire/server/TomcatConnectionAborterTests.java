package io.roomwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.metrics.RoomWireEndpoint;
import io.roomwire.testsupport.ChatClient;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.AbortProbe;
import io.roomwire.websocket.servlet.DirectWrites;
import io.roomwire.websocket.protocol.CloseCodes;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.coyote.http11.upgrade.UpgradeServletOutputStream;
import org.apache.tomcat.util.net.SocketWrapperBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@link TomcatConnectionAborter} against the Tomcat on the class path. These fail, on purpose, when
 * a Tomcat upgrade moves the socket of an upgraded connection: the probe must find
 * {@code UpgradeServletOutputStream.socketWrapper}, a {@link SocketWrapperBase} with a public
 * {@code close()}; and end to end, a client that never answers the server's Close is dropped (TCP
 * closed) within the close timeout, from the sweeper's thread, which only the aborter can do.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.websocket.ping-interval=0",
        "roomwire.websocket.idle-timeout=1s",
        "roomwire.websocket.close-timeout=500ms",
        "roomwire.websocket.sweep-interval=100ms"})
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TomcatConnectionAborterTests {

    @LocalServerPort
    int port;

    @Autowired
    RoomWireEndpoint endpoint;

    @Autowired
    DirectWrites directWrites;

    @Test
    void tomcatStillKeepsTheSocketWrapperWhereTheAborterReadsIt() throws Exception {
        Field field = UpgradeServletOutputStream.class.getDeclaredField(TomcatConnectionAborter.FIELD);
        assertThat(field.getType()).as("UpgradeServletOutputStream.socketWrapper's type").isEqualTo(SocketWrapperBase.class);
        assertThat(Modifier.isStatic(field.getModifiers())).isFalse();
        assertThat(Modifier.isPublic(SocketWrapperBase.class.getMethod("close").getModifiers())).isTrue();

        AbortProbe probe = new TomcatConnectionAborter().probe();
        assertThat(probe).isEqualTo(new AbortProbe(true, TomcatConnectionAborter.MECHANISM, ""));
    }

    @Test
    void theProbeIsReportedInTheActuatorEndpoint() {
        assertThat(endpoint.snapshot().connectionAborter())
                .isEqualTo(new AbortProbe(true, TomcatConnectionAborter.MECHANISM, ""));
    }

    @Test
    void aStreamThatIsNotTomcatsIsLeftAlone() {
        ServletOutputStream other = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }

            @Override
            public void write(int b) {
            }
        };
        assertThat(new TomcatConnectionAborter().abort(other)).isFalse();
        assertThat(new TomcatDirectWrites(new TomcatConnectionAborter()).socketOf(other))
                .as("no socket to write to directly").isNull();
    }

    @Test
    void upgradedConnectionsWriteStraightToTheirSocketByDefault() {
        // EchoBackpressureTests checks what goes over such a socket; this checks it is the one wired.
        assertThat(directWrites).isInstanceOf(TomcatDirectWrites.class);
    }

    @Test
    void aClientThatNeverAnswersTheCloseIsDroppedWithinTheCloseTimeout() throws Exception {
        try (RawSocketClient client = RawSocketClient.connect(port, ChatClient.query("name", "silent"), 0)) {
            // Idle for 1 s: the server sends Close 1001 and waits 500 ms for an answer that never comes.
            RawSocketClient.Ending ending = client.readUntilClosed(Duration.ofSeconds(5));
            assertThat(ending.closeCode()).isEqualTo(CloseCodes.GOING_AWAY);
            long start = System.nanoTime();
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(5)))
                    .as("TCP closed by the server from the sweeper's thread").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }
}
