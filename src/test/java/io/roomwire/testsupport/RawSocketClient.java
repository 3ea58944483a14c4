package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket client on a plain {@link Socket}, for what the JDK client cannot do: stop reading
 * (a slow consumer), never answer pings (a dead peer). The opening handshake is written by hand and
 * its accept key checked (RFC 6455 §4.1); client frames are masked (§5.3); server frames are parsed
 * one at a time. Not thread-safe: one test thread drives it.
 */
public final class RawSocketClient implements AutoCloseable {

    /** RFC 6455 §1.3. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    public static final int CONTINUATION = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

    /** One server frame; {@code closeCode} is set for Close frames with a payload. */
    public record Frame(int opcode, boolean fin, byte[] payload) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        public int closeCode() {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        @Override
        public String toString() {
            return switch (opcode) {
                case TEXT -> "TEXT " + (payload.length > 80 ? text().substring(0, 80) + "..." : text());
                case CLOSE -> "CLOSE " + closeCode();
                default -> "OPCODE " + opcode + " (" + payload.length + " bytes)";
            };
        }
    }

    /** What {@link #readUntilClosed} saw: every frame, and how the connection ended. */
    public record Ending(List<Frame> frames, Frame close, boolean eof, String failure) {
        public List<JsonNode> json() {
            return frames.stream().filter(f -> f.opcode() == TEXT)
                    .map(f -> ChatClient.JSON.readTree(f.text())).toList();
        }

        public long pings() {
            return frames.stream().filter(f -> f.opcode() == PING).count();
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RawSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /**
     * Connects and upgrades. {@code receiveBufferSize} (0 for the default) is applied before
     * connecting, so the TCP window is negotiated small.
     */
    public static RawSocketClient connect(int port, Map<String, String> query, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(5000);
        RawSocketClient client = new RawSocketClient(socket);
        client.handshake(port, query);
        return client;
    }

    private void handshake(int port, Map<String, String> query) throws IOException {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        java.net.URI uri = ChatClient.uri(port, query);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: " + ChatClient.SUBPROTOCOL + "\r\n"
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String head = readHead();
        String[] lines = head.split("\r\n");
        assertThat(lines[0]).as("status line").startsWith("HTTP/1.1 101");
        String accept = null;
        String protocol = null;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("sec-websocket-accept:")) {
                accept = line.substring(line.indexOf(':') + 1).trim();
            } else if (lower.startsWith("sec-websocket-protocol:")) {
                protocol = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        assertThat(accept).as("Sec-WebSocket-Accept").isEqualTo(acceptFor(key));
        assertThat(protocol).as("Sec-WebSocket-Protocol").isEqualTo(ChatClient.SUBPROTOCOL);
    }

    /** The response head up to the blank line, read byte by byte so no frame byte is consumed. */
    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("Connection closed during the handshake: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 8192) {
                throw new IOException("Handshake response too long");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    public static String acceptFor(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ writing

    public void sendText(String text) throws IOException {
        sendFrame(TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    public void sendJson(Object command) throws IOException {
        sendText(ChatClient.JSON.writeValueAsString(command));
    }

    /** One final frame, masked with a fresh random key (§5.3). */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    // ------------------------------------------------------------------ reading

    /** The next server frame, or null at end of stream. Server frames must not be masked (§5.1). */
    public Frame readFrame() throws IOException {
        int b0 = in.read();
        if (b0 < 0) {
            return null;
        }
        int b1 = readByte();
        assertThat(b1 & 0x80).as("server frames are unmasked").isZero();
        long length = b1 & 0x7F;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
        }
        if (length > 16 * 1024 * 1024) {
            throw new IOException("Frame too long: " + length);
        }
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("Frame cut short");
        }
        return new Frame(b0 & 0x0F, (b0 & 0x80) != 0, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("Frame cut short");
        }
        return b;
    }

    /** The next text message as JSON, skipping control frames; fails at a Close or end of stream. */
    public JsonNode readJson() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame == null) {
                throw new EOFException("End of stream before a text message");
            }
            if (frame.opcode() == TEXT) {
                assertThat(frame.fin()).as("unfragmented text").isTrue();
                return ChatClient.JSON.readTree(frame.text());
            }
            if (frame.opcode() == CLOSE) {
                throw new IOException("Closed by the server: " + frame.closeCode());
            }
        }
    }

    /**
     * Reads everything until a Close frame, end of stream, a reset, or {@code timeout} without
     * a byte. Never answers pings.
     */
    public Ending readUntilClosed(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
        List<Frame> frames = new ArrayList<>();
        try {
            while (true) {
                Frame frame = readFrame();
                if (frame == null) {
                    return new Ending(frames, null, true, null);
                }
                frames.add(frame);
                if (frame.opcode() == CLOSE) {
                    return new Ending(frames, frame, false, null);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(frames, null, false, "timeout after " + timeout);
        } catch (SocketException | EOFException e) {
            return new Ending(frames, null, true, e.toString());
        }
    }

    /** Drops the connection with a TCP reset (SO_LINGER 0): the server's next write to it fails. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    /**
     * Reads and discards everything from here on, on a daemon thread, as fast as the socket gives
     * it: a member that keeps up with any rate. Returns the thread; it ends at end of stream.
     */
    public Thread discardInput() {
        Thread reader = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            try {
                socket.setSoTimeout(0);
                while (in.read(buffer) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                // closed
            }
        }, "discard-" + socket.getLocalPort());
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
