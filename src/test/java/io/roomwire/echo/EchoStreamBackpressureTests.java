package io.roomwire.echo;

import io.roomwire.websocket.Sessions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** {@link EchoBackpressureTests}' stalled client, with the writes going through the Servlet stream. */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "roomwire.echo.enabled=true", "server.address=127.0.0.1", "roomwire.connector.direct-writes=false"})
@Import(EchoBackpressureTests.SmallSendBuffer.class)
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoStreamBackpressureTests {

    @LocalServerPort
    int port;

    @Autowired
    Sessions sessions;

    @Test
    void everyEchoArrivesWholeAndInOrderThroughTheServletStream() throws Exception {
        EchoBackpressureTests.everyEchoArrivesWholeAndInOrderAfterTheClientStalled(port, sessions);
    }
}
