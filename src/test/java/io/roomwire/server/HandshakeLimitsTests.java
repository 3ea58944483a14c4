package io.roomwire.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomwire.testsupport.RawHandshake;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.Sessions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The per-address handshake limits at their edges, on a real server. The test plays a trusted proxy
 * (127.0.0.1 is configured as one), so {@code X-Forwarded-For} gives every test its own client address:
 * the rightmost address a trusted proxy did not vouch for, whatever the client wrote to its left.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
        "server.address=127.0.0.1",
        "roomwire.websocket.trusted-proxies=127.0.0.1,10.0.0.0/8",
        "roomwire.websocket.max-connections-per-address=" + HandshakeLimitsTests.MAX_PER_ADDRESS,
        "roomwire.websocket.handshakes-per-second=" + HandshakeLimitsTests.PER_SECOND,
        "roomwire.websocket.handshake-burst=" + HandshakeLimitsTests.BURST})
class HandshakeLimitsTests {

    static final int MAX_PER_ADDRESS = 3;
    static final int PER_SECOND = 1;
    static final int BURST = 5;

    @LocalServerPort
    private int port;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private Sessions sessions;

    private final List<RawSocketClient> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (RawSocketClient client : open) {
            client.close();
        }
    }

    @Test
    void anAddressMayHoldMaxConnectionsAndTheNextIsRefusedWith429UntilOneCloses() throws Exception {
        String address = "203.0.113.10";
        for (int i = 0; i < MAX_PER_ADDRESS; i++) {
            assertThat(handshake(address).status()).as("connection %d", i + 1).isEqualTo(101);
        }
        double before = rejected("too_many_connections");
        RawSocketClient.Response refused = handshake(address);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("Too many connections from this address\n");
        assertThat(rejected("too_many_connections") - before).isEqualTo(1);

        // Another address is not affected.
        assertThat(handshake("203.0.113.11").status()).isEqualTo(101);

        // One closes: its slot is free again once the server has let the connection go.
        int count = sessions.count();
        open.getFirst().reset();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (sessions.count() >= count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(handshake(address).status()).isEqualTo(101);
    }

    @Test
    void handshakesBeyondTheBurstAreRefusedWith429AndTheRateRefills() throws Exception {
        String address = "198.51.100.20";
        double before = rejected("handshake_rate");
        // Refused handshakes cost a token too (and hold no connection slot): a bad version is a 426.
        for (int i = 0; i < BURST; i++) {
            RawSocketClient.Response response = send(address, RawHandshake.to(port, "/ws").header("Sec-WebSocket-Version", "8"));
            // A full-suite run once saw a 429 inside the burst, never reproduced alone: say which one and what was refused.
            assertThat(response.status()).as("bad handshake %d of %d: %s %s (rate refusals so far %s)", i + 1, BURST,
                    response.statusLine(), response.body(), rejected("handshake_rate") - before).isEqualTo(426);
        }
        RawSocketClient.Response refused = send(address, RawHandshake.to(port, "/ws"));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).isEqualTo("Too many handshakes from this address; retry later\n");
        assertThat(rejected("handshake_rate") - before).isEqualTo(1);

        Thread.sleep(1000 / PER_SECOND + 100); // one token back
        assertThat(handshake(address).status()).isEqualTo(101);
        assertThat(handshake(address).status()).as("only one token refilled").isEqualTo(429);
    }

    @Test
    void whatAClientWritesLeftOfTheProxysEntryDoesNotMakeItAnotherAddress() throws Exception {
        String address = "192.0.2.30";
        for (int i = 0; i < MAX_PER_ADDRESS; i++) {
            assertThat(handshake("1.1.1." + i + ", " + address).status()).isEqualTo(101);
        }
        assertThat(handshake("1.1.1.99, " + address).status()).isEqualTo(429);
        // Entries from trusted proxies (10.0.0.0/8) are skipped: the client is still 192.0.2.30.
        assertThat(handshake(address + ", 10.1.2.3").status()).isEqualTo(429);
        // An address outside the trusted blocks to the right is the client, whatever is left of it.
        assertThat(handshake(address + ", 192.0.2.31").status()).isEqualTo(101);
    }

    private RawSocketClient.Response handshake(String forwardedFor) throws IOException {
        return send(forwardedFor, RawHandshake.to(port, "/ws"));
    }

    private RawSocketClient.Response send(String forwardedFor, RawHandshake handshake) throws IOException {
        RawSocketClient client = RawSocketClient.connect(port);
        open.add(client);
        return client.send(handshake.header("X-Forwarded-For", forwardedFor));
    }

    private double rejected(String reason) {
        var counter = meters.find("roomwire.handshake.rejected").tag("reason", reason).functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
