package io.roomwire.echo;

import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.EchoServer;
import io.roomwire.testsupport.RawSocketClient;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.RawHandshake;
import io.roomwire.testsupport.RawSocketClient.Response;
import io.roomwire.websocket.HandshakeRejection;
import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The opening handshake of {@code /ws/echo} over a raw socket (RFC 6455 §4.2): each broken rule
 * gets its own status and one-line plain-text body and moves exactly its own refusal counter in
 * {@code /actuator/prometheus}; what the RFC allows (token lists, any case, no Origin) is accepted.
 */
@EchoServer
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoHandshakeTests {

    private static final String PATH = "/ws/echo";

    @LocalServerPort
    int port;

    // ------------------------------------------------------------------ refusals (§4.2.1, §4.4)

    @Test
    void postIsRefusedWith405AllowingGet() throws IOException {
        Response response = assertRefused(r -> r.method("POST").header("Content-Length", "0"),
                HandshakeRejection.METHOD_NOT_GET, 405, "WebSocket handshake requires GET");
        assertThat(response.header("Allow")).isEqualTo("GET");
    }

    @Test
    void http10IsRefusedWith400() throws IOException {
        assertRefused(r -> r.version("HTTP/1.0"), HandshakeRejection.HTTP_VERSION, 400,
                "WebSocket handshake requires HTTP/1.1 or later");
    }

    @Test
    void missingUpgradeIsRefusedWith400() throws IOException {
        assertRefused(r -> r.without("Upgrade"), HandshakeRejection.NOT_WEBSOCKET_UPGRADE, 400,
                "Upgrade header must contain websocket");
    }

    @Test
    void upgradeToH2cIsRefusedWith400() throws IOException {
        assertRefused(r -> r.header("Upgrade", "h2c"), HandshakeRejection.NOT_WEBSOCKET_UPGRADE, 400,
                "Upgrade header must contain websocket");
    }

    @Test
    void missingConnectionUpgradeIsRefusedWith400() throws IOException {
        assertRefused(r -> r.without("Connection"), HandshakeRejection.CONNECTION_NOT_UPGRADE, 400,
                "Connection header must contain Upgrade");
    }

    @Test
    void connectionKeepAliveAloneIsRefusedWith400() throws IOException {
        assertRefused(r -> r.header("Connection", "keep-alive"), HandshakeRejection.CONNECTION_NOT_UPGRADE, 400,
                "Connection header must contain Upgrade");
    }

    @Test
    void missingKeyIsRefusedWith400() throws IOException {
        assertRefused(r -> r.without("Sec-WebSocket-Key"), HandshakeRejection.BAD_KEY, 400,
                "Sec-WebSocket-Key must be base64 of 16 bytes");
    }

    @Test
    void keyThatIsNotBase64IsRefusedWith400() throws IOException {
        // 24 characters, the length of a real key, but '!' and '*' are not in the base64 alphabet.
        assertRefused(r -> r.header("Sec-WebSocket-Key", "!!!!not*base64*at*all!!!"), HandshakeRejection.BAD_KEY,
                400, "Sec-WebSocket-Key must be base64 of 16 bytes");
    }

    @Test
    void keyDecodingTo15BytesIsRefusedWith400() throws IOException {
        String fifteen = Base64.getEncoder().encodeToString(new byte[15]);
        assertThat(Base64.getDecoder().decode(fifteen)).hasSize(15);
        assertRefused(r -> r.header("Sec-WebSocket-Key", fifteen), HandshakeRejection.BAD_KEY, 400,
                "Sec-WebSocket-Key must be base64 of 16 bytes");
    }

    @Test
    void keyDecodingTo17BytesIsRefusedWith400() throws IOException {
        String seventeen = Base64.getEncoder().encodeToString(new byte[17]);
        assertRefused(r -> r.header("Sec-WebSocket-Key", seventeen), HandshakeRejection.BAD_KEY, 400,
                "Sec-WebSocket-Key must be base64 of 16 bytes");
    }

    @Test
    void version8IsRefusedWith426NamingVersion13() throws IOException {
        Response response = assertRefused(r -> r.header("Sec-WebSocket-Version", "8"),
                HandshakeRejection.UNSUPPORTED_VERSION, 426, "Unsupported Sec-WebSocket-Version; this server speaks 13");
        // §4.4: the server names the version(s) it understands.
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void missingVersionIsRefusedWith426() throws IOException {
        Response response = assertRefused(r -> r.without("Sec-WebSocket-Version"),
                HandshakeRejection.UNSUPPORTED_VERSION, 426, "Unsupported Sec-WebSocket-Version; this server speaks 13");
        assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void foreignOriginIsRefusedWith403() throws IOException {
        assertRefused(r -> r.header("Origin", "http://evil.example"), HandshakeRejection.ORIGIN_FORBIDDEN, 403,
                "Origin not allowed");
    }

    @Test
    void sameHostOnAnotherPortIsAForeignOrigin() throws IOException {
        int otherPort = port == 1 ? 2 : 1;
        assertRefused(r -> r.header("Origin", "http://127.0.0.1:" + otherPort), HandshakeRejection.ORIGIN_FORBIDDEN,
                403, "Origin not allowed");
    }

    @Test
    void opaqueNullOriginIsRefusedWith403() throws IOException {
        // Sandboxed frames and file: pages send "Origin: null"; it is nobody's origin.
        assertRefused(r -> r.header("Origin", "null"), HandshakeRejection.ORIGIN_FORBIDDEN, 403, "Origin not allowed");
    }

    @Test
    void twoKeysAreRefusedWith400() throws IOException {
        assertRefused(r -> r.addHeader("Sec-WebSocket-Key", RawHandshake.newKey()), HandshakeRejection.BAD_KEY, 400,
                "Sec-WebSocket-Key must be base64 of 16 bytes");
    }

    // ------------------------------------------------------------------ acceptance (§4.2.2)

    @Test
    void goodHandshakeAnswers101WithTheAcceptKeyForTheSentKey() throws IOException {
        RawHandshake request = RawHandshake.to(port, PATH);
        try (RawSocketClient client = RawSocketClient.connect(port)) {
            Response response = client.send(request);
            assertSwitched(response, request.key());
            assertThat(response.headers()).doesNotContainKey("Sec-WebSocket-Protocol");
            assertThat(response.headers()).doesNotContainKey("Sec-WebSocket-Extensions");
            assertEchoWorks(client);
        }
    }

    @Test
    void rfcSection13SampleKeyGetsTheRfcAcceptValue() throws IOException {
        String sampleKey = "dGhlIHNhbXBsZSBub25jZQ==";
        // §1.3 gives this value; computing it here too guards the helper the other tests rely on.
        assertThat(RawHandshake.expectedAccept(sampleKey)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        RawHandshake request = RawHandshake.to(port, PATH).header("Sec-WebSocket-Key", sampleKey);
        try (RawSocketClient client = RawSocketClient.connect(port)) {
            Response response = client.send(request);
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
        }
    }

    @Test
    void connectionTokenListWithKeepAliveIsAccepted() throws IOException {
        assertAccepted(r -> r.header("Connection", "keep-alive, Upgrade"));
    }

    @Test
    void upgradeAndConnectionTokensAreCaseInsensitive() throws IOException {
        assertAccepted(r -> r.header("Upgrade", "WebSocket").header("Connection", "upgrade"));
    }

    @Test
    void requestWithoutOriginIsAccepted() throws IOException {
        assertAccepted(r -> r.without("Origin"));
    }

    @Test
    void sameOriginIsAccepted() throws IOException {
        assertAccepted(r -> r.header("Origin", "http://127.0.0.1:" + port));
    }

    @Test
    void listedOriginIsAccepted() throws IOException {
        assertAccepted(r -> r.header("Origin", EchoServer.ALLOWED_ORIGIN));
    }

    @Test
    void listedOriginWithoutPortMatchesItsDefaultPort() throws IOException {
        assertAccepted(r -> r.header("Origin", "https://app.example:443"));
    }

    @Test
    void offeredSubprotocolIsNotSelectedByAnEndpointWithNone() throws IOException {
        RawHandshake request = RawHandshake.to(port, PATH).header("Sec-WebSocket-Protocol", "chat, superchat");
        try (RawSocketClient client = RawSocketClient.connect(port)) {
            Response response = client.send(request);
            assertSwitched(response, request.key());
            // §4.2.2: with no subprotocol selected the header is absent, not empty.
            assertThat(response.headers()).doesNotContainKey("Sec-WebSocket-Protocol");
            assertEchoWorks(client);
        }
    }

    // ------------------------------------------------------------------ counters

    @Test
    void refusalCountersMoveByExactlyTheNumberOfRefusalsSent() throws IOException {
        Map<HandshakeRejection, Integer> sent = new EnumMap<>(HandshakeRejection.class);
        PrometheusScrape before = PrometheusScrape.of(port);

        refuse(3, sent, HandshakeRejection.BAD_KEY, r -> r.header("Sec-WebSocket-Key", "short"));
        refuse(2, sent, HandshakeRejection.ORIGIN_FORBIDDEN, r -> r.header("Origin", "http://evil.example"));
        refuse(1, sent, HandshakeRejection.UNSUPPORTED_VERSION, r -> r.header("Sec-WebSocket-Version", "8"));
        refuse(4, sent, HandshakeRejection.NOT_WEBSOCKET_UPGRADE, r -> r.header("Upgrade", "h2c"));
        refuse(2, sent, HandshakeRejection.METHOD_NOT_GET, r -> r.method("PUT").header("Content-Length", "0"));
        refuse(1, sent, HandshakeRejection.HTTP_VERSION, r -> r.version("HTTP/1.0"));
        refuse(2, sent, HandshakeRejection.CONNECTION_NOT_UPGRADE, r -> r.header("Connection", "close"));
        // Accepted handshakes count as no refusal.
        assertAccepted(r -> r.header("Origin", EchoServer.ALLOWED_ORIGIN));
        assertAccepted(UnaryOperator.identity());

        PrometheusScrape after = PrometheusScrape.of(port);
        for (HandshakeRejection reason : HandshakeRejection.values()) {
            assertThat(after.handshakeRejected(reason.tag()) - before.handshakeRejected(reason.tag()))
                    .as("roomwire_handshake_rejected_total{reason=\"%s\"}", reason.tag())
                    .isEqualTo(sent.getOrDefault(reason, 0).doubleValue());
        }
    }

    private void refuse(int times, Map<HandshakeRejection, Integer> sent, HandshakeRejection reason,
            UnaryOperator<RawHandshake> change) throws IOException {
        for (int i = 0; i < times; i++) {
            try (RawSocketClient client = RawSocketClient.connect(port)) {
                assertThat(client.send(change.apply(RawHandshake.to(port, PATH))).status()).isEqualTo(reason.status());
            }
        }
        sent.merge(reason, times, Integer::sum);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Sends the default handshake changed by {@code change} and checks the refusal: status, the
     * exact one-line plain-text body, no upgrade headers, and that exactly this reason's counter moved
     * by one.
     */
    private Response assertRefused(UnaryOperator<RawHandshake> change, HandshakeRejection reason, int status,
            String message) throws IOException {
        assertThat(reason.status()).isEqualTo(status);
        assertThat(reason.message()).isEqualTo(message);
        PrometheusScrape before = PrometheusScrape.of(port);
        Response response;
        try (RawSocketClient client = RawSocketClient.connect(port)) {
            response = client.send(change.apply(RawHandshake.to(port, PATH)));
        }
        assertThat(response.status()).as("status of %s", response).isEqualTo(status);
        assertThat(response.body()).isEqualTo(message + "\n");
        assertThat(response.header("Content-Type")).startsWith("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(response.headers()).doesNotContainKeys("Sec-WebSocket-Accept", "Upgrade");
        PrometheusScrape after = PrometheusScrape.of(port);
        for (HandshakeRejection r : HandshakeRejection.values()) {
            assertThat(after.handshakeRejected(r.tag()) - before.handshakeRejected(r.tag()))
                    .as("roomwire_handshake_rejected_total{reason=\"%s\"}", r.tag())
                    .isEqualTo(r == reason ? 1.0 : 0.0);
        }
        return response;
    }

    private void assertAccepted(UnaryOperator<RawHandshake> change) throws IOException {
        RawHandshake request = change.apply(RawHandshake.to(port, PATH));
        try (RawSocketClient client = RawSocketClient.connect(port)) {
            Response response = client.send(request);
            assertSwitched(response, request.key());
            assertEchoWorks(client);
        }
    }

    private static void assertSwitched(Response response, String key) {
        assertThat(response.status()).as("status of %s", response).isEqualTo(101);
        assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
        // §4.1: the client checks that Connection contains the token "Upgrade" (case-insensitively).
        // Tomcat appends "keep-alive" when the request's Connection listed it, which clients accept.
        assertThat(Arrays.stream(response.header("Connection").split(",")).map(String::trim))
                .as("Connection tokens").anyMatch(t -> t.equalsIgnoreCase("Upgrade"));
        assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo(RawHandshake.expectedAccept(key));
    }

    /** Proves the 101 led to a working session: a masked text is echoed, then a clean close. */
    private static void assertEchoWorks(RawSocketClient client) throws IOException {
        client.sendMasked(Opcode.TEXT, "ping?".getBytes(StandardCharsets.UTF_8));
        Frame echo = client.readFrame();
        assertThat(echo.opcode()).isEqualTo(Opcode.TEXT);
        assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo("ping?");
        client.sendMasked(Opcode.CLOSE, FrameEncoder.closePayload(CloseCodes.NORMAL, ""));
        Frame close = client.readFrame();
        assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(RawSocketClient.closeCode(close)).isEqualTo(CloseCodes.NORMAL);
    }
}
