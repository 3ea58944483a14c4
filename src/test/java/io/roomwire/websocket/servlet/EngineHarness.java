package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.HandshakeInfo;
import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.protocol.DeflateParameters;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A socket-free engine: one {@link EngineSession} wired exactly as {@link WebSocketUpgrader} and
 * {@link UpgradeHandler} wire it, over a {@link MemoryTransport}, a {@link ManualClock}, a
 * {@link RecordingHandler} and a {@link CountingListener}. Bytes in (masked client frames fed to
 * {@code onBytes}), bytes out (everything the server wrote, parsed back into frames).
 *
 * <p>Create harnesses through a {@link Tracker} registered as a JUnit extension: after each test it
 * checks that every harness's transport saw the Servlet non-blocking contract kept and that no
 * session reported {@code onClose} more than once.
 */
final class EngineHarness {

    static final HandshakeInfo HANDSHAKE = new HandshakeInfo("/ws", Map.of(), null, "EngineHarness",
            "127.0.0.1:50000", null);

    private final String id;
    private final RecordingHandler handler;
    private final WebSocketPolicy policy;
    private final ManualClock clock;
    private final CountingListener listener = new CountingListener();
    private final MemoryTransport transport;
    private final AtomicInteger finished = new AtomicInteger();
    private final Consumer<EngineHarness> onFinished;
    private final DeflateParameters deflate;
    private EngineSession session;

    private EngineHarness(Builder b) {
        this.deflate = b.deflate;
        this.id = b.id;
        this.handler = b.handler;
        this.policy = b.policy;
        this.clock = b.clock != null ? b.clock : new ManualClock(b.clockOrigin);
        this.transport = new MemoryTransport(b.callbacks);
        this.onFinished = b.onFinished;
    }

    /** Builds the session and binds the transport, as {@code UpgradeHandler.init} does; nothing is written yet. */
    private EngineHarness attach() {
        session = new EngineSession(id, HANDSHAKE, new EndpointConfig(handler, policy, List.of(), List.of()), listener,
                clock, FlushScheduler.INLINE, deflate);
        session.attach(transport, () -> {
            finished.incrementAndGet();
            onFinished.accept(this);
        });
        transport.setWriteListener(session.flusher());
        return this;
    }

    /** The container's first {@code onWritePossible()}: the network takes bytes from now on. */
    EngineHarness firstWriteCallback() {
        transport.setReady(true);
        return this;
    }

    /** {@code UpgradeHandler.init} calls {@code open()} once the listeners are in place. */
    EngineHarness open() {
        session.open();
        return this;
    }

    // ------------------------------------------------------------------ client to server

    EngineHarness sendText(String text) {
        return sendRaw(ClientFrames.text(text));
    }

    EngineHarness sendBinary(byte[] data) {
        return sendRaw(ClientFrames.binary(data));
    }

    EngineHarness sendPing(byte[] payload) {
        return sendRaw(ClientFrames.ping(payload));
    }

    EngineHarness sendPong(byte[] payload) {
        return sendRaw(ClientFrames.pong(payload));
    }

    EngineHarness sendClose(int code, String reason) {
        return sendRaw(ClientFrames.close(code, reason));
    }

    EngineHarness sendCloseEmpty() {
        return sendRaw(ClientFrames.closeEmpty());
    }

    /** Raw bytes as one read, whatever they hold. */
    EngineHarness sendRaw(byte[] bytes) {
        session.onBytes(ByteBuffer.wrap(bytes));
        return this;
    }

    /** Raw bytes as reads of at most {@code piece} bytes: 1 is gorilla's one-byte reader. */
    EngineHarness sendRawInPieces(byte[] bytes, int piece) {
        for (int at = 0; at < bytes.length; at += piece) {
            session.onBytes(ByteBuffer.wrap(bytes, at, Math.min(piece, bytes.length - at)).slice());
        }
        return this;
    }

    /** The client closed TCP (the reader saw -1). */
    EngineHarness endOfInput() {
        session.onEndOfInput();
        return this;
    }

    // ------------------------------------------------------------------ time

    /** Time passes and the sweeper looks at this session. */
    EngineHarness timePasses(Duration d) {
        clock.advance(d);
        session.checkTimeouts(clock.getAsLong());
        return this;
    }

    // ------------------------------------------------------------------ server to client

    /** Everything the server wrote, parsed as a client parses it (unmasked frames, §5.1). */
    List<Frame> serverFrames() {
        return parseServerFrames(transport.bytes(), deflate != null ? 4 : 0);
    }

    /** {@link #serverFrames()} as readable lines: {@code "TEXT hi"}, {@code "PONG p"}, {@code "CLOSE 1000 bye"}. */
    List<String> wire() {
        return serverFrames().stream().map(EngineHarness::describe).toList();
    }

    static List<Frame> parseServerFrames(byte[] bytes) {
        return parseServerFrames(bytes, 0);
    }

    /** {@code allowedRsv} 4 where permessage-deflate was agreed (RFC 7692 §6). */
    static List<Frame> parseServerFrames(byte[] bytes, int allowedRsv) {
        FrameParser parser = new FrameParser(Long.MAX_VALUE, allowedRsv, false);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        List<Frame> frames = new ArrayList<>();
        try {
            Frame f;
            while ((f = parser.parse(in)) != null) {
                assertThat(f.fin()).as("server frames are never fragmented: %s", f).isTrue();
                frames.add(f);
            }
        } catch (ProtocolException e) {
            throw new AssertionError("Server wrote a corrupt frame after " + frames.size() + " good ones: " + e.reason(), e);
        }
        assertThat(parser.isIdle()).as("server output ends on a frame boundary; parsed %s", frames).isTrue();
        return frames;
    }

    static String describe(Frame f) {
        byte[] p = f.payload();
        return switch (f.opcode()) {
            case Opcode.TEXT -> "TEXT " + new String(p, StandardCharsets.UTF_8);
            case Opcode.BINARY -> "BINARY " + p.length + " bytes";
            case Opcode.PING -> "PING " + new String(p, StandardCharsets.UTF_8);
            case Opcode.PONG -> "PONG " + new String(p, StandardCharsets.UTF_8);
            case Opcode.CLOSE -> p.length == 0 ? "CLOSE" : ("CLOSE " + closeCode(f) + (p.length > 2 ? " " + closeReason(f) : ""));
            default -> Opcode.name(f.opcode());
        };
    }

    static int closeCode(Frame close) {
        byte[] p = close.payload();
        return ((p[0] & 0xFF) << 8) | (p[1] & 0xFF);
    }

    static String closeReason(Frame close) {
        byte[] p = close.payload();
        return new String(p, 2, p.length - 2, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ parts

    EngineSession session() {
        return session;
    }

    MemoryTransport transport() {
        return transport;
    }

    ManualClock clock() {
        return clock;
    }

    RecordingHandler handler() {
        return handler;
    }

    CountingListener listener() {
        return listener;
    }

    WebSocketPolicy policy() {
        return policy;
    }

    /** How often the session's {@code onFinished} ran; the engine promises once, when TCP is closed. */
    int finished() {
        return finished.get();
    }

    /** The invariants every test gets for free. */
    void assertContractKept() {
        assertThat(transport.violations()).as("Servlet non-blocking contract violations of %s", id).isEmpty();
        assertThat(handler.closes()).as("onClose is reported at most once").hasSizeLessThanOrEqualTo(1);
        assertThat(listener.closed).as("sessionClosed is reported at most once").hasSizeLessThanOrEqualTo(1);
        assertThat(finished.get()).as("onFinished runs at most once").isLessThanOrEqualTo(1);
        assertThat(transport.closes()).as("Transport.close() is called at most once").isLessThanOrEqualTo(1);
    }

    @Override
    public String toString() {
        return "EngineHarness[" + session + ", " + transport + "]";
    }

    // ------------------------------------------------------------------ construction

    /** Makes harnesses and checks their invariants after each test. Register with {@code @RegisterExtension}. */
    static final class Tracker implements AfterEachCallback {

        private final List<EngineHarness> made = new CopyOnWriteArrayList<>();

        Builder builder() {
            return new Builder(made::add);
        }

        /** An echo endpoint with default policy, started. */
        EngineHarness echo() {
            return builder().handler(RecordingHandler.echo()).start();
        }

        @Override
        public void afterEach(ExtensionContext context) {
            for (EngineHarness h : made) {
                h.assertContractKept();
            }
        }
    }

    static final class Builder {
        private final Consumer<EngineHarness> register;
        private String id = "s1";
        private RecordingHandler handler = new RecordingHandler();
        private WebSocketPolicy policy = WebSocketPolicy.DEFAULTS;
        private long clockOrigin = 7_000_000_000L;
        private ManualClock clock;
        private Executor callbacks = Runnable::run;
        private Consumer<EngineHarness> onFinished = h -> { };
        private DeflateParameters deflate;

        private Builder(Consumer<EngineHarness> register) {
            this.register = register;
        }

        Builder id(String id) {
            this.id = id;
            return this;
        }

        Builder handler(RecordingHandler handler) {
            this.handler = handler;
            return this;
        }

        Builder policy(WebSocketPolicy policy) {
            this.policy = policy;
            return this;
        }

        Builder policy(Consumer<PolicyBuilder> changes) {
            PolicyBuilder p = new PolicyBuilder();
            changes.accept(p);
            this.policy = p.build();
            return this;
        }

        /** Where {@code nanoTime} starts; it may be negative. */
        Builder clockOrigin(long nanos) {
            this.clockOrigin = nanos;
            return this;
        }

        /** A clock shared with other harnesses or a sweeper. */
        Builder clock(ManualClock clock) {
            this.clock = clock;
            return this;
        }

        /** Where {@code onWritePossible()} runs: the thread making the transport ready, by default. */
        Builder callbacks(Executor callbacks) {
            this.callbacks = callbacks;
            return this;
        }

        /** permessage-deflate as if the handshake agreed it (the policy's {@code deflate} must be on). */
        Builder deflate(DeflateParameters deflate) {
            this.deflate = deflate;
            return this;
        }

        Builder onFinished(Consumer<EngineHarness> onFinished) {
            this.onFinished = onFinished;
            return this;
        }

        /** Session built and bound, not open, and the container has not called {@code onWritePossible()} yet. */
        EngineHarness attach() {
            EngineHarness h = new EngineHarness(this).attach();
            register.accept(h);
            return h;
        }

        /** As {@code WebSocketUpgrader} does it: attach, the first write callback, then {@code open()}. */
        EngineHarness start() {
            return attach().firstWriteCallback().open();
        }
    }

    /** {@link WebSocketPolicy#DEFAULTS} with changes. */
    static final class PolicyBuilder {
        private int maxFrameSize = WebSocketPolicy.DEFAULTS.maxFrameSize();
        private int maxMessageSize = WebSocketPolicy.DEFAULTS.maxMessageSize();
        private long maxQueuedBytes = WebSocketPolicy.DEFAULTS.maxQueuedBytes();
        private Duration idleTimeout = WebSocketPolicy.DEFAULTS.idleTimeout();
        private Duration pingInterval = WebSocketPolicy.DEFAULTS.pingInterval();
        private Duration closeTimeout = WebSocketPolicy.DEFAULTS.closeTimeout();
        private Duration writeTimeout = WebSocketPolicy.DEFAULTS.writeTimeout();

        PolicyBuilder maxFrameSize(int v) {
            maxFrameSize = v;
            return this;
        }

        PolicyBuilder maxMessageSize(int v) {
            maxMessageSize = v;
            return this;
        }

        PolicyBuilder maxQueuedBytes(long v) {
            maxQueuedBytes = v;
            return this;
        }

        PolicyBuilder idleTimeout(Duration v) {
            idleTimeout = v;
            return this;
        }

        PolicyBuilder pingInterval(Duration v) {
            pingInterval = v;
            return this;
        }

        PolicyBuilder closeTimeout(Duration v) {
            closeTimeout = v;
            return this;
        }

        PolicyBuilder writeTimeout(Duration v) {
            writeTimeout = v;
            return this;
        }

        WebSocketPolicy build() {
            return new WebSocketPolicy(maxFrameSize, maxMessageSize, maxQueuedBytes, idleTimeout, pingInterval,
                    closeTimeout, writeTimeout);
        }
    }
}
