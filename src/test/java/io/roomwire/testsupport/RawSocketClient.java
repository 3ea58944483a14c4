package io.roomwire.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A WebSocket client on a plain {@link Socket} (the role of Tomcat's {@code TesterWsClient}), for
 * what the JDK client cannot do: send a handshake with exactly the headers a test chooses
 * ({@link RawHandshake}), write raw or unmasked frames to provoke the server, stop reading (a slow
 * consumer), never answer pings (a dead peer), or reset the connection. Server frames are parsed
 * with the engine's own {@link FrameParser}, expecting no mask (RFC 6455 §5.1). Every read is
 * bounded by the socket timeout. Loopback only. Not thread-safe: one test thread drives it.
 */
public final class RawSocketClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private FrameParser parser = new FrameParser(Long.MAX_VALUE >>> 1, 0, false);
    private ByteBuffer leftover = ByteBuffer.allocate(0);
    /** The 101 that opened this connection, when {@link #open} or a chat connect made it. */
    private Response switched;

    private RawSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    // ------------------------------------------------------------------ connecting

    /** A TCP connection and nothing more: the test sends its own handshake with {@link #send}. */
    public static RawSocketClient connect(int port) throws IOException {
        return connect(port, 0);
    }

    /**
     * Like {@link #connect(int)}; {@code receiveBufferSize} (0 for the default) is applied before
     * connecting, so the TCP window is negotiated small.
     */
    public static RawSocketClient connect(int port, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return new RawSocketClient(socket);
    }

    /** Connects and completes a default handshake to {@code path}, failing unless the answer is 101. */
    public static RawSocketClient open(int port, String path) throws IOException {
        return upgrade(connect(port), RawHandshake.to(port, path));
    }

    /** Like {@link #open(int, String)} with a small receive buffer, so the server's writes back up. */
    public static RawSocketClient open(int port, String path, int receiveBufferSize) throws IOException {
        return upgrade(connect(port, receiveBufferSize), RawHandshake.to(port, path));
    }

    /**
     * A chat member: connects to {@code /ws} with {@code query}, offering {@code roomwire.v1}, and
     * checks the 101's accept key (§4.1) and selected subprotocol. Leaves {@code hello} unread.
     */
    public static RawSocketClient connect(int port, Map<String, String> query, int receiveBufferSize) throws IOException {
        URI uri = ChatClient.uri(port, query);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        RawHandshake request = RawHandshake.to(port, target).header("Sec-WebSocket-Protocol", ChatClient.SUBPROTOCOL);
        RawSocketClient client = upgrade(connect(port, receiveBufferSize), request);
        Response response = client.switched;
        assertThat(response.header("Sec-WebSocket-Accept")).as("Sec-WebSocket-Accept")
                .isEqualTo(RawHandshake.expectedAccept(request.key()));
        assertThat(response.header("Sec-WebSocket-Protocol")).as("Sec-WebSocket-Protocol")
                .isEqualTo(ChatClient.SUBPROTOCOL);
        return client;
    }

    /**
     * Connects and completes {@code request}, failing unless the answer is 101; when the server
     * agreed permessage-deflate, frames with RSV1 (RFC 7692 §6) are accepted, left compressed.
     */
    public static RawSocketClient open(int port, RawHandshake request) throws IOException {
        RawSocketClient client = upgrade(connect(port), request);
        String extensions = client.switched.header("Sec-WebSocket-Extensions");
        if (extensions != null && extensions.startsWith("permessage-deflate")) {
            client.parser = new FrameParser(Long.MAX_VALUE >>> 1, 4, false);
        }
        return client;
    }

    /** The 101 response that opened this connection. */
    public Response switched() {
        return switched;
    }

    private static RawSocketClient upgrade(RawSocketClient client, RawHandshake request) throws IOException {
        Response response = client.send(request);
        if (response.status() != 101) {
            client.close();
            throw new AssertionError("Expected 101, got " + response);
        }
        client.switched = response;
        return client;
    }

    // ------------------------------------------------------------------ HTTP

    /** Writes the request and reads the response: head, then a Content-Length body unless it is a 101. */
    public Response send(RawHandshake request) throws IOException {
        out.write(request.render().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return readResponse();
    }

    private Response readResponse() throws IOException {
        String head = readHead();
        String[] lines = head.split("\r\n");
        String statusLine = lines[0];
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
            throw new AssertionError("Not an HTTP status line: " + statusLine);
        }
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String body = "";
        if (status != 101) {
            List<String> length = headers.get("Content-Length");
            if (length == null) {
                throw new AssertionError("Refusal without Content-Length: " + head);
            }
            body = new String(readExactly(Integer.parseInt(length.getFirst())), StandardCharsets.UTF_8);
        }
        return new Response(status, statusLine, headers, body);
    }

    /** The response head up to the blank line, read byte by byte so no frame byte is consumed. */
    private String readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("Connection closed inside the response head: " + head);
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > 16 * 1024) {
                throw new AssertionError("Response head too long");
            }
        }
        String s = head.toString(StandardCharsets.ISO_8859_1);
        return s.substring(0, s.length() - 4);
    }

    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length != n) {
            throw new AssertionError("Body cut short: " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    // ------------------------------------------------------------------ writing frames

    /** Writes bytes as they are, e.g. a hand-assembled frame or only a frame header. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked frame with a fresh random key (§5.3), as every client frame must be. */
    public void sendMasked(boolean fin, int opcode, byte[] payload) throws IOException {
        writeRaw(FrameEncoder.frame(fin, opcode, payload, 0, payload.length, newMaskKey()));
    }

    public void sendMasked(int opcode, byte[] payload) throws IOException {
        sendMasked(true, opcode, payload);
    }

    /** An unmasked frame: a violation of §5.1 when a client sends it. */
    public void sendUnmasked(int opcode, byte[] payload) throws IOException {
        writeRaw(FrameEncoder.frame(true, opcode, payload, 0, payload.length, null));
    }

    /** A chat command as one masked text frame. */
    public void sendJson(Object command) throws IOException {
        sendMasked(Opcode.TEXT, ChatClient.JSON.writeValueAsBytes(command));
    }

    public static byte[] newMaskKey() {
        byte[] key = new byte[4];
        RANDOM.nextBytes(key);
        return key;
    }

    // ------------------------------------------------------------------ reading frames

    /** The next server frame, parsed and checked to be unmasked; fails at end of stream or after the timeout. */
    public Frame readFrame() throws IOException {
        Frame frame;
        try {
            frame = nextFrame();
        } catch (SocketTimeoutException e) {
            throw new AssertionError("No frame from the server within " + socket.getSoTimeout() + " ms", e);
        }
        if (frame == null) {
            throw new AssertionError("Server closed TCP while a frame was expected");
        }
        return frame;
    }

    /** The next server frame, or null at end of stream. */
    private Frame nextFrame() throws IOException {
        byte[] chunk = new byte[8192];
        while (true) {
            if (leftover.hasRemaining()) {
                try {
                    Frame frame = parser.parse(leftover);
                    if (frame != null) {
                        return frame;
                    }
                } catch (ProtocolException e) {
                    throw new AssertionError("Server sent an invalid frame: " + e.reason(), e);
                }
            }
            int n = in.read(chunk);
            if (n < 0) {
                return null;
            }
            leftover = ByteBuffer.wrap(chunk.clone(), 0, n);
        }
    }

    /** The next text message as JSON, skipping control frames; fails at a Close or end of stream. */
    public JsonNode readJson() throws IOException {
        while (true) {
            Frame frame = readFrame();
            if (frame.opcode() == Opcode.TEXT) {
                assertThat(frame.fin()).as("unfragmented text").isTrue();
                return ChatClient.JSON.readTree(frame.payload());
            }
            assertThat(frame.opcode()).as("Closed by the server: %s", frame).isNotEqualTo(Opcode.CLOSE);
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
                Frame frame = nextFrame();
                if (frame == null) {
                    return new Ending(frames, null, true, null);
                }
                frames.add(frame);
                if (frame.opcode() == Opcode.CLOSE) {
                    return new Ending(frames, frame, false, null);
                }
            }
        } catch (SocketTimeoutException e) {
            return new Ending(frames, null, false, "timeout after " + timeout);
        } catch (SocketException | EOFException e) {
            return new Ending(frames, null, true, e.toString());
        } finally {
            restoreTimeout();
        }
    }

    /**
     * Waits for the server to close TCP: true on EOF (FIN) within the timeout, false on a timeout.
     * Fails if the server sends any further byte.
     */
    public boolean awaitEndOfStream(Duration timeout) throws IOException {
        if (leftover.hasRemaining()) {
            throw new AssertionError("Unread bytes from the server: " + leftover.remaining());
        }
        socket.setSoTimeout((int) timeout.toMillis());
        try {
            int b = in.read();
            if (b >= 0) {
                throw new AssertionError("Expected EOF, got byte 0x" + Integer.toHexString(b));
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } finally {
            restoreTimeout();
        }
    }

    private void restoreTimeout() throws SocketException {
        if (!socket.isClosed()) {
            socket.setSoTimeout((int) TIMEOUT.toMillis());
        }
    }

    /** The status code of a Close frame (§5.5.1); fails when the frame carries none. */
    public static int closeCode(Frame close) {
        assertThat(close.payload().length).as("close payload carries a code").isGreaterThanOrEqualTo(2);
        return ((close.payload()[0] & 0xFF) << 8) | (close.payload()[1] & 0xFF);
    }

    // ------------------------------------------------------------------ closing

    /** Drops the connection with a TCP reset (SO_LINGER 0): the server's next write to it fails. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ------------------------------------------------------------------ results

    /** The response: status, headers looked up case-insensitively, and the body as text. */
    public record Response(int status, String statusLine, Map<String, List<String>> headers, String body) {

        /** The single value of a header, or null when absent; fails when repeated. */
        public String header(String name) {
            List<String> values = headers.get(name);
            if (values == null) {
                return null;
            }
            if (values.size() != 1) {
                throw new AssertionError("Header " + name + " repeated: " + values);
            }
            return values.getFirst();
        }

        @Override
        public String toString() {
            return statusLine + " " + headers + " body=" + body;
        }
    }

    /** What {@link #readUntilClosed} saw: every frame, and how the connection ended. */
    public record Ending(List<Frame> frames, Frame close, boolean eof, String failure) {

        /** Every text message, as JSON. */
        public List<JsonNode> json() {
            return frames.stream().filter(f -> f.opcode() == Opcode.TEXT)
                    .map(f -> ChatClient.JSON.readTree(f.payload())).toList();
        }

        public long pings() {
            return frames.stream().filter(f -> f.opcode() == Opcode.PING).count();
        }

        /** The code of the Close frame that ended the connection. */
        public int closeCode() {
            assertThat(close).as("a Close frame; got " + this).isNotNull();
            return RawSocketClient.closeCode(close);
        }
    }
}
