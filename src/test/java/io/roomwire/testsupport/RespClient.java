package io.roomwire.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal Redis client over a raw socket, speaking RESP2 (https://redis.io/docs/reference/protocol-spec/),
 * so the Redis fixture needs no client library and checks the server independently of Lettuce.
 * Replies come back as plain values: a simple or bulk string as {@link String} (UTF-8), an integer
 * as {@link Long}, an error as {@link ErrorReply} (returned, not thrown, so tests can assert on it),
 * an array as {@code List<Object>}, and a null bulk string or null array as {@code null}.
 * {@link #command} is request/response; {@link #send} and {@link #read} serve pushed messages after
 * {@code SUBSCRIBE}. Not thread-safe: one test thread per connection.
 */
public final class RespClient implements AutoCloseable {

    /** An error reply ({@code -ERR ...}, {@code -WRONGTYPE ...}): the text after the dash. */
    public record ErrorReply(String message) {
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to Redis on the loopback {@code port}; a refused connection is an {@link UncheckedIOException}. */
    public static RespClient connect(int port) {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress(ChildProcesses.LOOPBACK, port), (int) CONNECT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) READ_TIMEOUT.toMillis());
            socket.setTcpNoDelay(true);
            return new RespClient(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UncheckedIOException("no Redis on 127.0.0.1:" + port, e);
        }
    }

    /** Sends one command and returns its reply (waiting at most 5 s). */
    public Object command(String... args) {
        send(args);
        return read(READ_TIMEOUT);
    }

    /** Sends one command as a RESP array of bulk strings, the form every Redis command takes. */
    public void send(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("a command needs a name");
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        writeLine(request, "*" + args.length);
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            writeLine(request, "$" + bytes.length);
            request.writeBytes(bytes);
            writeLine(request, "");
        }
        try {
            out.write(request.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the next reply or pushed message, waiting at most {@code timeout}. */
    public Object read(Duration timeout) {
        try {
            socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            return readReply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Object readReply() throws IOException {
        int type = in.read();
        if (type < 0) {
            throw new EOFException("Redis closed the connection");
        }
        String line = readLine();
        return switch (type) {
            case '+' -> line;
            case '-' -> new ErrorReply(line);
            case ':' -> Long.parseLong(line);
            case '$' -> readBulk(Integer.parseInt(line));
            case '*' -> readArray(Integer.parseInt(line));
            default -> throw new IOException("not a RESP2 reply: '" + (char) type + "' " + line);
        };
    }

    private String readBulk(int length) throws IOException {
        if (length < 0) {
            return null;
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length || in.read() != '\r' || in.read() != '\n') {
            throw new EOFException("bulk string cut short");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private List<Object> readArray(int count) throws IOException {
        if (count < 0) {
            return null;
        }
        List<Object> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            items.add(readReply());
        }
        return items;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\r') {
            if (b < 0) {
                throw new EOFException("line cut short");
            }
            line.write(b);
        }
        if (in.read() != '\n') {
            throw new IOException("CR without LF");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void writeLine(ByteArrayOutputStream out, String line) {
        out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to release
        }
    }

    @Override
    public String toString() {
        return "RespClient[" + socket.getRemoteSocketAddress() + (socket.isClosed() ? ", closed" : "") + "]";
    }
}
