package io.roomwire.testsupport;

import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.ProtocolException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A raw-socket WebSocket client for end-to-end tests (the role of Tomcat's {@code TesterWsClient}):
 * writes a hand-made HTTP/1.1 request with exactly the headers a test chooses, reads the response
 * head and body byte by byte, and after a 101 writes raw frames (masked or, to provoke the server,
 * not) and parses the server's frames with the engine's own {@link FrameParser} expecting no mask.
 * Every read is bounded by the socket timeout. Loopback only. Not thread-safe.
 */
public final class RawWebSocketClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final FrameParser parser = new FrameParser(Long.MAX_VALUE >>> 1, 0, false);
    private ByteBuffer leftover = ByteBuffer.allocate(0);

    private RawWebSocketClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    public static RawWebSocketClient connect(int port) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), (int) TIMEOUT.toMillis());
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        return new RawWebSocketClient(socket);
    }

    /** Connects and completes a default handshake to {@code path}, failing unless the answer is 101. */
    public static RawWebSocketClient open(int port, String path) throws IOException {
        RawWebSocketClient client = connect(port);
        Response response = client.send(Request.handshake(port, path));
        if (response.status() != 101) {
            client.close();
            throw new AssertionError("Expected 101, got " + response);
        }
        return client;
    }

    // ------------------------------------------------------------------ HTTP

    /** Writes the request and reads the response: head, then a Content-Length body unless it is a 101. */
    public Response send(Request request) throws IOException {
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

    // ------------------------------------------------------------------ frames

    /** Writes bytes as they are, e.g. a hand-assembled frame or only a frame header. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** A masked frame with a fresh random key (RFC 6455 §5.3), as every client frame must be. */
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

    public static byte[] newMaskKey() {
        byte[] key = new byte[4];
        RANDOM.nextBytes(key);
        return key;
    }

    /** The next server frame, parsed and checked to be unmasked; fails after the socket timeout. */
    public Frame readFrame() throws IOException {
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
            int n;
            try {
                n = in.read(chunk);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("No frame from the server within " + TIMEOUT, e);
            }
            if (n < 0) {
                throw new AssertionError("Server closed TCP while a frame was expected");
            }
            leftover = ByteBuffer.wrap(chunk.clone(), 0, n);
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
            socket.setSoTimeout((int) TIMEOUT.toMillis());
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    // ------------------------------------------------------------------ request and response

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

    /**
     * A hand-made HTTP request, by default a valid RFC 6455 §4.1 opening handshake with a fresh
     * key; tests change, drop or add single headers.
     */
    public static final class Request {

        private String method = "GET";
        private String target;
        private String version = "HTTP/1.1";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();

        private Request(String target) {
            this.target = target;
        }

        public static Request handshake(int port, String path) {
            return new Request(path)
                    .header("Host", "127.0.0.1:" + port)
                    .header("Upgrade", "websocket")
                    .header("Connection", "Upgrade")
                    .header("Sec-WebSocket-Key", newKey())
                    .header("Sec-WebSocket-Version", "13");
        }

        /** base64 of 16 random bytes (§4.1). */
        public static String newKey() {
            byte[] nonce = new byte[16];
            RANDOM.nextBytes(nonce);
            return Base64.getEncoder().encodeToString(nonce);
        }

        public Request method(String method) {
            this.method = method;
            return this;
        }

        public Request version(String version) {
            this.version = version;
            return this;
        }

        /** Sets a header, replacing any value of the same name (names compared case-insensitively). */
        public Request header(String name, String value) {
            without(name);
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        /** Adds one more line for a header, keeping earlier ones. */
        public Request addHeader(String name, String value) {
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            return this;
        }

        public Request without(String name) {
            headers.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
            return this;
        }

        public String key() {
            List<String> keys = headers.get("Sec-WebSocket-Key");
            return keys == null ? null : keys.getFirst();
        }

        public String render() {
            StringBuilder sb = new StringBuilder().append(method).append(' ').append(target).append(' ')
                    .append(version).append("\r\n");
            headers.forEach((name, values) -> values.forEach(v -> sb.append(name).append(": ").append(v).append("\r\n")));
            return sb.append("\r\n").toString();
        }
    }
}
