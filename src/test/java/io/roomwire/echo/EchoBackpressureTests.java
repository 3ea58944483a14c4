package io.roomwire.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.EchoServer;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.Sessions;
import io.roomwire.websocket.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * A client that stops reading while the server still has much to send: the server's socket fills,
 * its writes are taken only in part, and what was not taken must wait and go out first, in order,
 * once the client reads again. Run with the writes straight to the socket (the default,
 * {@code roomwire.connector.direct-writes}) and through the Servlet stream; both must deliver every
 * byte of every echo, in order ({@link EchoStreamBackpressureTests} is the second).
 */
@EchoServer
@Import(EchoBackpressureTests.SmallSendBuffer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoBackpressureTests {

    /**
     * An 8 KB SO_SNDBUF on the server's sockets. Left to the kernel, loopback send buffers grow to
     * megabytes and take all 600 KB at once, and the server's writes would never be partial.
     */
    @TestConfiguration
    static class SmallSendBuffer {
        @Bean
        WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> smallSendBuffer() {
            return factory -> factory.addConnectorCustomizers(connector -> connector.setProperty("socket.txBufSize", "8192"));
        }
    }

    private static final int MESSAGES = 300;
    private static final int SIZE = 2000;

    static void everyEchoArrivesWholeAndInOrderAfterTheClientStalled(int port, Sessions sessions) throws Exception {
        // A 4 KB receive window: 600 KB of echoes cannot fit in the sockets, so most of them wait in
        // the server (under its 1 MB queue bound) while the client is not reading.
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo", 4096)) {
            for (int i = 0; i < MESSAGES; i++) {
                client.sendMasked(Opcode.TEXT, message(i).getBytes(StandardCharsets.US_ASCII));
            }
            Thread.sleep(300);
            assertThat(sessions.all()).as("sessions").anySatisfy(
                    session -> assertThat(session.queuedBytes()).as("bytes waiting in the server").isPositive());
            for (int i = 0; i < MESSAGES; i++) {
                Frame frame = client.readFrame();
                assertThat(frame.opcode()).as("frame %d", i).isEqualTo(Opcode.TEXT);
                assertThat(new String(frame.payload(), StandardCharsets.US_ASCII)).as("echo %d", i).isEqualTo(message(i));
            }
        }
    }

    private static String message(int i) {
        String head = "echo " + i + " ";
        return head + Character.toString('a' + i % 26).repeat(SIZE - head.length());
    }

    @LocalServerPort
    int port;

    @Autowired
    Sessions sessions;

    @Test
    void everyEchoArrivesWholeAndInOrderWrittenStraightToTheSocket() throws Exception {
        everyEchoArrivesWholeAndInOrderAfterTheClientStalled(port, sessions);
    }
}
