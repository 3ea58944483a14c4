package io.roomwire.echo;

import io.roomwire.testsupport.EchoServer;
import io.roomwire.testsupport.CollectingListener;
import static io.roomwire.testsupport.CollectingListener.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code /ws/echo} with a real client, the JDK's {@link java.net.http.WebSocket}: messages of every
 * kind and size come back exactly, fragments come back as one message, pings get pongs, and the close
 * handshake completes with the client's code.
 */
@EchoServer
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class EchoHttpClientTests {

    static final Duration WAIT = Duration.ofSeconds(10);

    private static HttpClient http;

    @LocalServerPort
    int port;

    private WebSocket ws;
    private CollectingListener listener;

    @BeforeAll
    static void client() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void closeClient() {
        http.close();
    }

    private void connect() {
        listener = new CollectingListener();
        ws = await(http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws/echo"), listener), WAIT, "connect");
    }

    @AfterEach
    void abortLeftover() {
        if (ws != null && !ws.isInputClosed()) {
            ws.abort();
        }
    }

    @Test
    void textRoundTripIncludingNonAscii() {
        connect();
        for (String text : new String[] {"hello", "", "Grüße aus Köln — 東京 \uD83D\uDE80", "\u0000nul"}) {
            await(ws.sendText(text, true), WAIT, "sendText");
            assertThat(listener.nextText(WAIT)).isEqualTo(text);
        }
    }

    @Test
    void binaryRoundTrip() {
        connect();
        byte[] data = new byte[256];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        await(ws.sendBinary(ByteBuffer.wrap(data), true), WAIT, "sendBinary");
        assertThat(listener.nextBinary(WAIT)).isEqualTo(data);
        await(ws.sendBinary(ByteBuffer.allocate(0), true), WAIT, "sendBinary");
        assertThat(listener.nextBinary(WAIT)).isEmpty();
    }

    @Test
    void oneMebibyteTextIsEchoedExactly() {
        connect();
        String text = mixedText(1 << 20, new Random(6455));
        assertThat(text.getBytes(StandardCharsets.UTF_8)).hasSize(1 << 20);
        assertThat(text.chars().anyMatch(c -> c > 0x7F)).isTrue();
        await(ws.sendText(text, true), WAIT, "sendText 1 MiB");
        assertThat(listener.nextText(WAIT)).isEqualTo(text);
    }

    @Test
    void oneMebibyteBinaryIsEchoedExactly() {
        connect();
        byte[] data = new byte[1 << 20];
        new Random(1009).nextBytes(data);
        await(ws.sendBinary(ByteBuffer.wrap(data), true), WAIT, "sendBinary 1 MiB");
        assertThat(listener.nextBinary(WAIT)).isEqualTo(data);
    }

    @Test
    void fragmentedTextIsEchoedAsOneMessage() {
        connect();
        String[] parts = {"frag", "ment", "ed ", "ünï", "code"};
        for (int i = 0; i < parts.length; i++) {
            await(ws.sendText(parts[i], i == parts.length - 1), WAIT, "sendText part " + i);
        }
        assertThat(listener.nextText(WAIT)).isEqualTo(String.join("", parts));
        // The next message is the marker: the fragments produced one echo, not several.
        await(ws.sendText("marker", true), WAIT, "sendText marker");
        assertThat(listener.nextText(WAIT)).isEqualTo("marker");
    }

    @Test
    void fragmentedBinaryIsEchoedAsOneMessage() {
        connect();
        await(ws.sendBinary(ByteBuffer.wrap(new byte[] {1, 2}), false), WAIT, "part 1");
        await(ws.sendBinary(ByteBuffer.wrap(new byte[] {3}), false), WAIT, "part 2");
        await(ws.sendBinary(ByteBuffer.wrap(new byte[] {4, 5, 6}), true), WAIT, "part 3");
        assertThat(listener.nextBinary(WAIT)).containsExactly(1, 2, 3, 4, 5, 6);
        await(ws.sendText("marker", true), WAIT, "sendText marker");
        assertThat(listener.nextText(WAIT)).isEqualTo("marker");
    }

    @Test
    void pingIsAnsweredWithPongOfTheSamePayload() {
        connect();
        byte[] payload = "heartbeat-42".getBytes(StandardCharsets.UTF_8);
        await(ws.sendPing(ByteBuffer.wrap(payload)), WAIT, "sendPing");
        assertThat(listener.nextPong(WAIT)).isEqualTo(payload);
    }

    @Test
    void clientClose4000IsEchoedByTheServer() {
        connect();
        await(ws.sendText("last words", true), WAIT, "sendText");
        assertThat(listener.nextText(WAIT)).isEqualTo("last words");
        await(ws.sendClose(4000, "bye"), WAIT, "sendClose");
        CollectingListener.Closed closed = listener.awaitClose(WAIT);
        assertThat(closed.code()).isEqualTo(4000);
        assertThat(ws.isInputClosed()).isTrue();
        assertThat(ws.isOutputClosed()).isTrue();
    }

    /** Random text of exactly {@code utf8Bytes} UTF-8 bytes mixing 1- to 4-byte characters. */
    static String mixedText(int utf8Bytes, Random random) {
        int[] codePoints = {'a', 'z', '0', ' ', 0xE4, 0xFC, 0x20AC, 0x6771, 0x1F30D};
        StringBuilder sb = new StringBuilder(utf8Bytes);
        int size = 0;
        while (size + 4 <= utf8Bytes) {
            int cp = codePoints[random.nextInt(codePoints.length)];
            sb.appendCodePoint(cp);
            size += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        }
        while (size < utf8Bytes) {
            sb.append('.');
            size++;
        }
        return sb.toString();
    }
}
