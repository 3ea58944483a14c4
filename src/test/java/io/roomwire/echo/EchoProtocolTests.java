package io.roomwire.echo;

import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.EchoServer;
import io.roomwire.testsupport.RawSocketClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Masking;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * RFC 6455 framing and the close handshake against {@code /ws/echo}, byte for byte over a raw
 * socket: what the server echoes, how it fails a connection (Close with the code of the broken
 * rule, then TCP closed by the server) and how it answers a client's Close (§7.1.1: the server
 * closes TCP first).
 */
@EchoServer
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoProtocolTests {

    private static final String PATH = "/ws/echo";
    private static final Duration EOF_WITHIN = Duration.ofSeconds(3);

    @LocalServerPort
    int port;

    @Test
    void rfc57MaskedHelloIsEchoedAsTheUnmaskedHelloFrame() throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            // §5.7: "A single-frame masked text message" and "A single-frame unmasked text message".
            client.writeRaw(bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58));
            Frame echo = client.readFrame();
            assertThat(echo.fin()).isTrue();
            assertThat(echo.rsv()).isZero();
            assertThat(echo.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(echo.payload()).isEqualTo("Hello".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void maskedTextWithNonAsciiIsEchoedExactly() throws IOException {
        String text = "grüße, 世界 \uD83C\uDF0D";
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8));
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void fragmentedMessageWithPingBetweenFragmentsIsEchoedAsOneFrame() throws IOException {
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8); // E2 82 AC, split across fragments
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(false, Opcode.TEXT, concat("price ".getBytes(StandardCharsets.US_ASCII), new byte[] {euro[0]}));
            // §5.4: control frames may be injected between fragments; UTF-8 state survives them.
            client.sendMasked(Opcode.PING, bytes(1, 2, 3));
            client.sendMasked(false, Opcode.CONTINUATION, new byte[] {euro[1], euro[2]});
            client.sendMasked(true, Opcode.CONTINUATION, "42".getBytes(StandardCharsets.US_ASCII));

            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
            assertThat(pong.payload()).isEqualTo(bytes(1, 2, 3));
            Frame echo = client.readFrame();
            assertThat(echo.fin()).isTrue();
            assertThat(echo.opcode()).isEqualTo(Opcode.TEXT);
            assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("price €42");
        }
    }

    @Test
    void maskedBinaryIsEchoedUnmasked() throws IOException {
        byte[] data = new byte[70_000]; // 64-bit length encoding
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31);
        }
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(Opcode.BINARY, data);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(Opcode.BINARY);
            assertThat(echo.payload()).isEqualTo(data);
        }
    }

    @Test
    void pingIsAnsweredWithPongCarryingTheSamePayload() throws IOException {
        byte[] payload = "are you there?".getBytes(StandardCharsets.UTF_8);
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(Opcode.PING, payload);
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
            assertThat(pong.payload()).isEqualTo(payload);
        }
    }

    @Test
    void unmaskedClientFrameFailsTheConnectionWith1002ThenTcpCloses() throws IOException {
        PrometheusScrape before = PrometheusScrape.of(port);
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendUnmasked(Opcode.TEXT, "not masked".getBytes(StandardCharsets.US_ASCII));
            assertServerClose(client, CloseCodes.PROTOCOL_ERROR);
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).as("server closed TCP").isTrue();
        }
        assertProtocolErrorCounted(before, CloseCodes.PROTOCOL_ERROR);
    }

    /** Other §5 violations a server must fail with 1002, each arriving whole in one write. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("protocolViolations")
    void violationFailsTheConnectionWith1002ThenTcpCloses(String rule, byte[] frames) throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.writeRaw(frames);
            assertServerClose(client, CloseCodes.PROTOCOL_ERROR);
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).as("server closed TCP").isTrue();
        }
    }

    static Stream<Arguments> protocolViolations() {
        byte[] hi = bytes('h', 'i');
        return Stream.of(
                Arguments.of("5.2 reserved opcode 0x3", masked(true, 0, 0x3, hi)),
                Arguments.of("5.2 RSV1 without a negotiated extension", masked(true, 4, Opcode.TEXT, hi)),
                Arguments.of("5.5 fragmented ping", masked(false, 0, Opcode.PING, hi)),
                Arguments.of("5.4 continuation with nothing to continue", masked(true, 0, Opcode.CONTINUATION, hi)),
                Arguments.of("5.4 new text inside a fragmented message",
                        concat(masked(false, 0, Opcode.TEXT, hi), masked(true, 0, Opcode.TEXT, hi))),
                Arguments.of("7.4 close code 1005 on the wire", masked(true, 0, Opcode.CLOSE, bytes(0x03, 0xED))),
                Arguments.of("5.5.1 one-byte close payload", masked(true, 0, Opcode.CLOSE, bytes(0x03))));
    }

    @Test
    void invalidUtf8TextFailsTheConnectionWith1007ThenTcpCloses() throws IOException {
        PrometheusScrape before = PrometheusScrape.of(port);
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            // 0xC0 0xAF is an overlong encoding of '/', never valid UTF-8 (§8.1).
            client.sendMasked(Opcode.TEXT, bytes('o', 'k', 0xC0, 0xAF));
            assertServerClose(client, CloseCodes.INVALID_PAYLOAD);
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).as("server closed TCP").isTrue();
        }
        assertProtocolErrorCounted(before, CloseCodes.INVALID_PAYLOAD);
    }

    @Test
    void frameHeaderOverTheDefault16MiBLimitFailsWith1009BeforeThePayload() throws IOException {
        long seventeenMiB = 17L * 1024 * 1024;
        byte[] header = new byte[FrameEncoder.headerLength(seventeenMiB, true)];
        FrameEncoder.writeHeader(header, 0, true, 0, Opcode.BINARY, seventeenMiB, RawSocketClient.newMaskKey());
        PrometheusScrape before = PrometheusScrape.of(port);
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.writeRaw(header); // only the header: the limit is enforced before any payload
            assertServerClose(client, CloseCodes.MESSAGE_TOO_BIG);
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).as("server closed TCP").isTrue();
        }
        assertProtocolErrorCounted(before, CloseCodes.MESSAGE_TOO_BIG);
    }

    @Test
    void clientClose1000IsEchoedAndTheServerClosesTcpFirst() throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(Opcode.CLOSE, FrameEncoder.closePayload(CloseCodes.NORMAL, "bye"));
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(RawSocketClient.closeCode(close)).isEqualTo(CloseCodes.NORMAL);
            // §7.1.1: the server closes TCP first; this client neither closes nor half-closes.
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).as("server closed TCP after the close handshake").isTrue();
        }
    }

    @Test
    void emptyClientCloseIsAnsweredWithAnEmptyClose() throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            client.sendMasked(Opcode.CLOSE, new byte[0]);
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            // §7.1.5: no code received means 1005, which must never be sent: the answer has no body.
            assertThat(close.payload()).isEmpty();
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).isTrue();
        }
    }

    @Test
    void dataAfterTheCloseIsNotEchoed() throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, PATH)) {
            // Close and a text frame in one write: §5.5.1, nothing after a Close is processed.
            byte[] close = FrameEncoder.frame(true, Opcode.CLOSE, FrameEncoder.closePayload(CloseCodes.NORMAL, ""),
                    0, 2, RawSocketClient.newMaskKey());
            byte[] text = FrameEncoder.frame(true, Opcode.TEXT, bytes('x'), 0, 1, RawSocketClient.newMaskKey());
            client.writeRaw(concat(close, text));
            Frame reply = client.readFrame();
            assertThat(reply.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(RawSocketClient.closeCode(reply)).isEqualTo(CloseCodes.NORMAL);
            assertThat(client.awaitEndOfStream(EOF_WITHIN)).isTrue();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertServerClose(RawSocketClient client, int expectedCode) throws IOException {
        Frame close = client.readFrame();
        assertThat(close.opcode()).as("frame %s", close).isEqualTo(Opcode.CLOSE);
        assertThat(RawSocketClient.closeCode(close)).isEqualTo(expectedCode);
        String reason = new String(close.payload(), 2, close.payload().length - 2, StandardCharsets.UTF_8);
        assertThat(reason).as("close reason names the broken rule").isNotBlank();
        assertThat(close.payload().length - 2).isLessThanOrEqualTo(123);
    }

    private void assertProtocolErrorCounted(PrometheusScrape before, int code) {
        PrometheusScrape after = PrometheusScrape.of(port);
        assertThat(after.protocolErrors(code) - before.protocolErrors(code))
                .as("roomwire_protocol_errors_total{code=\"%d\"}", code).isEqualTo(1.0);
    }

    /** A masked frame with chosen RSV bits, which {@link FrameEncoder#frame} always leaves clear. */
    static byte[] masked(boolean fin, int rsv, int opcode, byte[] payload) {
        byte[] key = RawSocketClient.newMaskKey();
        byte[] out = new byte[FrameEncoder.headerLength(payload.length, true) + payload.length];
        int at = FrameEncoder.writeHeader(out, 0, fin, rsv, opcode, payload.length, key);
        System.arraycopy(payload, 0, out, at, payload.length);
        Masking.apply(out, at, payload.length, key, 0);
        return out;
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
