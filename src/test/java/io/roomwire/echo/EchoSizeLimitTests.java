package io.roomwire.echo;

import io.roomwire.testsupport.PrometheusScrape;
import io.roomwire.testsupport.CollectingListener;
import io.roomwire.testsupport.RawSocketClient;
import static io.roomwire.testsupport.CollectingListener.await;
import static io.roomwire.testsupport.RawSocketClient.closeCode;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code roomwire.echo.max-frame-size} and {@code max-message-size} end to end, with limits small
 * enough to cross cheaply (a second application context, on purpose): a frame or a reassembled
 * message one byte over its limit fails the connection with 1009 (RFC 6455 §7.4.1), exactly at the
 * limit it is echoed, and the limits bind inbound traffic only.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "roomwire.echo.enabled=true",
    "server.address=127.0.0.1",
    "roomwire.echo.max-frame-size=1KB",
    "roomwire.echo.max-message-size=4KB" })
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoSizeLimitTests {

    private static final int MAX_FRAME = 1024;
    private static final int MAX_MESSAGE = 4096;
    private static final Duration WAIT = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Test
    void frameExactlyAtTheLimitIsEchoed() throws IOException {
        byte[] data = filled(MAX_FRAME, (byte) 'a');
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo")) {
            client.sendMasked(Opcode.BINARY, data);
            Frame echo = client.readFrame();
            assertThat(echo.opcode()).isEqualTo(Opcode.BINARY);
            assertThat(echo.payload()).isEqualTo(data);
        }
    }

    @Test
    void frameOneByteOverTheLimitFailsWith1009ThenTcpCloses() throws IOException {
        PrometheusScrape before = PrometheusScrape.of(port);
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo")) {
            client.sendMasked(Opcode.BINARY, filled(MAX_FRAME + 1, (byte) 'b'));
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(closeCode(close)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(3))).as("server closed TCP").isTrue();
        }
        PrometheusScrape after = PrometheusScrape.of(port);
        assertThat(after.protocolErrors(1009) - before.protocolErrors(1009)).isEqualTo(1.0);
    }

    @Test
    void fragmentedMessageOverTheMessageLimitFailsWith1009() throws IOException {
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo")) {
            // Four fragments of 1000 bytes fit (4000 <= 4096); the fifth crosses the message limit.
            client.sendMasked(false, Opcode.TEXT, filled(1000, (byte) 'c'));
            for (int i = 0; i < 3; i++) {
                client.sendMasked(false, Opcode.CONTINUATION, filled(1000, (byte) 'c'));
            }
            client.sendMasked(Opcode.PING, new byte[] {7}); // still open after 4000 bytes
            Frame pong = client.readFrame();
            assertThat(pong.opcode()).isEqualTo(Opcode.PONG);
            client.sendMasked(true, Opcode.CONTINUATION, filled(1000, (byte) 'c'));
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(closeCode(close)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(client.awaitEndOfStream(Duration.ofSeconds(3))).as("server closed TCP").isTrue();
        }
    }

    @Test
    void httpClientOversizeMessageIsClosedWith1009() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            CollectingListener listener = new CollectingListener();
            WebSocket ws = await(http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + port + "/ws/echo"), listener), WAIT, "connect");
            try {
                await(ws.sendText("x".repeat(2 * MAX_FRAME), true), WAIT, "sendText");
                CollectingListener.Closed closed = listener.awaitClose(WAIT);
                assertThat(closed.code()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            } finally {
                ws.abort();
            }
        }
    }

    @Test
    void inputStillUnreadWhenTheConnectionFailsIsDrainedSoTheCloseFrameIsNotReset() throws Exception {
        // One write: the header of a 16 KiB frame (over the 1 KiB limit) and its whole payload, small
        // enough to arrive in one loopback segment, so it is all there when the server reads the
        // header. The server fails the connection on the header, yet the client still gets the Close
        // and then an orderly end of stream: the server reads and discards the input that has arrived
        // before it closes, so the close is not a reset. (A larger write can still be arriving when
        // the server closes; no server can drain what has not arrived, and on two loaded cores a
        // 256 KiB write sometimes was.)
        byte[] payload = new byte[16 * 1024];
        byte[] frame = FrameEncoder.frame(true, Opcode.BINARY, payload, 0,
                payload.length, RawSocketClient.newMaskKey());
        try (RawSocketClient client = RawSocketClient.open(port, "/ws/echo")) {
            client.writeRaw(frame);
            Thread.sleep(300); // the server has read, failed and closed by now
            Frame close = client.readFrame();
            assertThat(close.opcode()).isEqualTo(Opcode.CLOSE);
            assertThat(closeCode(close)).isEqualTo(CloseCodes.MESSAGE_TOO_BIG);
            assertThat(client.awaitEndOfStream(WAIT)).isTrue();
        }
    }

    @Test
    void httpClientFragmentsUnderTheMessageLimitAreEchoedAsOneMessageBiggerThanAFrame() {
        try (HttpClient http = HttpClient.newHttpClient()) {
            CollectingListener listener = new CollectingListener();
            WebSocket ws = await(http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + port + "/ws/echo"), listener), WAIT, "connect");
            try {
                String part = "y".repeat(MAX_FRAME);
                for (int i = 0; i < 4; i++) {
                    await(ws.sendText(part, i == 3), WAIT, "sendText part " + i);
                }
                // 4096 bytes inbound as four frames at the limit; the echo is one 4096-byte frame.
                assertThat(listener.nextText(WAIT)).isEqualTo(part.repeat(4)).hasSize(MAX_MESSAGE);
                await(ws.sendClose(WebSocket.NORMAL_CLOSURE, ""), WAIT, "sendClose");
                assertThat(listener.awaitClose(WAIT).code()).isEqualTo(WebSocket.NORMAL_CLOSURE);
            } finally {
                ws.abort();
            }
        }
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }
}
