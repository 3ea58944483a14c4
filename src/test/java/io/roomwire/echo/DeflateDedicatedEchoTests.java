package io.roomwire.echo;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.ClientDeflate;
import io.roomwire.testsupport.RawHandshake;
import io.roomwire.testsupport.RawSocketClient;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code dedicated} mode end to end (RFC 7692 §7.1.1): the answer echoes what the client offered,
 * and with context takeover the server's second copy of a message refers back to the first, so it
 * is far smaller; the client's own context is honoured on the way in.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "roomwire.echo.enabled=true",
    "server.address=127.0.0.1",
    "roomwire.websocket.deflate.mode=dedicated",
    "roomwire.websocket.deflate.min-size=0" })
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeflateDedicatedEchoTests {

    @LocalServerPort
    int port;

    @Test
    void contextTakeoverBothWays() throws IOException {
        RawHandshake request = RawHandshake.to(port, "/ws/echo")
                .header("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
        try (RawSocketClient client = RawSocketClient.open(port, request)) {
            assertThat(client.switched().header("Sec-WebSocket-Extensions")).isEqualTo("permessage-deflate");
            // §7.2.3.2: the client shares its window across its two "Hello"s.
            client.writeRaw(masked(new byte[] {(byte) 0xf2, 0x48, (byte) 0xcd, (byte) 0xc9, (byte) 0xc9, 0x07, 0x00}));
            client.writeRaw(masked(new byte[] {(byte) 0xf2, 0x00, 0x11, 0x00, 0x00}));
            ClientDeflate.Reader reader = new ClientDeflate.Reader();
            Frame first = client.readFrame();
            Frame second = client.readFrame();
            assertThat(first.rsv()).isEqualTo(4);
            assertThat(second.rsv()).isEqualTo(4);
            // And the server shares its own: byte for byte the RFC's two messages.
            assertThat(first.payload()).containsExactly(0xf2, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00);
            assertThat(second.payload()).containsExactly(0xf2, 0x00, 0x11, 0x00, 0x00);
            assertThat(new String(reader.inflate(first.payload()), StandardCharsets.UTF_8)).isEqualTo("Hello");
            assertThat(new String(reader.inflate(second.payload()), StandardCharsets.UTF_8)).isEqualTo("Hello");
        }
    }

    @Test
    void offeredNoContextTakeoverIsEchoed() throws IOException {
        RawHandshake request = RawHandshake.to(port, "/ws/echo").header("Sec-WebSocket-Extensions",
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover");
        try (RawSocketClient client = RawSocketClient.open(port, request)) {
            assertThat(client.switched().header("Sec-WebSocket-Extensions"))
                    .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
            for (int i = 0; i < 2; i++) {
                client.writeRaw(masked(ClientDeflate.deflate("Hello".getBytes(StandardCharsets.UTF_8))));
                Frame echo = client.readFrame();
                assertThat(echo.rsv()).as("min-size 0, but 7 bytes for 5 do not pay").isZero();
                assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("Hello");
            }
        }
    }

    private static byte[] masked(byte[] payload) {
        byte[] frame = FrameEncoder.frame(true, Opcode.TEXT, payload, 0, payload.length, RawSocketClient.newMaskKey());
        frame[0] = (byte) 0xC1;
        return frame;
    }
}
