package io.roomwire.echo;

import static io.roomwire.testsupport.RawSocketClient.closeCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.roomwire.testsupport.ClientDeflate;
import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.RawHandshake;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * permessage-deflate end to end on the echo endpoint in {@code shared} mode (RFC 7692): the 101
 * answers the offer, compressed messages are inflated and echoed (compressed when over
 * {@code min-size}), a declined offer leaves the connection plain, RSV1 without negotiation fails
 * with 1002, a zip bomb with 1009.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "roomwire.echo.enabled=true",
    "server.address=127.0.0.1",
    "roomwire.echo.max-message-size=64KB",
    "roomwire.websocket.deflate.mode=shared",
    "roomwire.websocket.deflate.min-size=64B" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeflateEchoTests {

    static final String SHARED_ANSWER = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    private RawSocketClient offering(String offer) throws IOException {
        return RawSocketClient.open(port, RawHandshake.to(port, "/ws/echo").header("Sec-WebSocket-Extensions", offer));
    }

    @Test
    void offerIsAnsweredAndCompressedMessagesAreEchoed() throws IOException {
        try (RawSocketClient client = offering("permessage-deflate; client_max_window_bits")) {
            assertThat(client.switched().header("Sec-WebSocket-Extensions")).isEqualTo(SHARED_ANSWER);
            // RFC 7692 §7.2.3.1 "Hello", masked: below min-size, so the echo comes back plain.
            client.writeRaw(masked(0xC1, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}));
            Frame hello = client.readFrame();
            assertThat(hello.rsv()).isZero();
            assertThat(new String(hello.payload(), StandardCharsets.UTF_8)).isEqualTo("Hello");

            String big = "{\"text\":\"" + "chat message ".repeat(100) + "\"}";
            client.writeRaw(masked(0xC1, ClientDeflate.deflate(big.getBytes(StandardCharsets.UTF_8))));
            Frame echo = client.readFrame();
            assertThat(echo.rsv()).as("RSV1: compressed").isEqualTo(4);
            assertThat(echo.payload().length).isLessThan(big.length() / 5);
            assertThat(new String(new ClientDeflate.Reader().inflate(echo.payload()), StandardCharsets.UTF_8)).isEqualTo(big);
            // Plain messages are still fine on a compressed connection (§6: RSV1 clear).
            client.sendMasked(Opcode.TEXT, "plain".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(client.readFrame().payload(), StandardCharsets.UTF_8)).isEqualTo("plain");
            assertThat(meters.get("roomwire.deflate.connections").gauge().value()).isGreaterThanOrEqualTo(1.0);
            assertThat(meters.get("roomwire.deflate.bytes.in").functionCounter().count()).isGreaterThanOrEqualTo(big.length());
        }
    }

    @Test
    void declinedOrMissingOfferLeavesTheConnectionPlain() throws IOException {
        for (String offer : new String[] {"permessage-deflate; server_max_window_bits=10", "x-webkit-deflate-frame"}) {
            try (RawSocketClient client = offering(offer)) {
                assertThat(client.switched().header("Sec-WebSocket-Extensions")).as(offer).isNull();
                String big = "x".repeat(500);
                client.sendMasked(Opcode.TEXT, big.getBytes(StandardCharsets.UTF_8));
                Frame echo = client.readFrame();
                assertThat(echo.rsv()).isZero();
                assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo(big);
            }
        }
    }

    @Test
    void compressedFrameWithoutNegotiationFailsWith1002() throws IOException {
        PrometheusScrape before = PrometheusScrape.of(port);
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo")) {
            client.writeRaw(masked(0xC1, new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}));
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(closeCode(close)).isEqualTo(CloseCodes.PROTOCOL_ERROR);
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(3))).as("server closed TCP").isTrue();
        }
        assertThat(PrometheusScrape.of(port).protocolErrors(1002) - before.protocolErrors(1002)).isEqualTo(1.0);
    }

    @Test
    void zipBombFailsWith1009() throws IOException {
        byte[] bomb = ClientDeflate.bomb(32 << 20); // about 32 KB that inflate to 32 MB
        assertThat(bomb.length).isLessThan(64 * 1024);
        try (RawSocketClient client = offering("permessage-deflate")) {
            client.writeRaw(masked(0xC2, bomb));
            RawSocketClient.Ending ending = client.readUntilClosed(Duration.ofSeconds(5));
            assertThat(ending.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(new String(ending.close().payload(), 2, ending.close().payload().length - 2,
                    StandardCharsets.UTF_8)).contains("inflated");
        }
    }

    /** A masked frame whose first byte (FIN, RSV, opcode) is given as is. */
    private static byte[] masked(int firstByte, byte[] payload) {
        byte[] frame = FrameEncoder.frame(true, Opcode.TEXT, payload, 0, payload.length, RawSocketClient.newMaskKey());
        frame[0] = (byte) firstByte;
        return frame;
    }
}
