package io.roomwire.websocket.servlet;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.HandshakeInfo;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.WebSocketSession;
import io.roomwire.websocket.protocol.CloseCodes;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.MessageAssembler;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;
import io.roomwire.websocket.TrafficStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session: inbound bytes to handler callbacks, sends to the outbound queue, and the
 * close handshake of RFC 6455 §7 through {@link SessionState}. Every protocol violation becomes a
 * Close frame here, in {@link #fail}, and nowhere else.
 *
 * <p>Threading: {@link #onBytes} is called by one reading thread at a time. Sends, {@link #close}
 * and {@link #checkTimeouts} may come from any thread. State changes are compare-and-sets on
 * {@link SessionState}; the queue has its own monitor; {@code onClose} is reported exactly once.
 */
final class EngineSession implements WebSocketSession, MessageAssembler.Sink, OutboundFlusher.Events {

    private static final Logger LOG = Logger.getLogger(EngineSession.class.getName());
    private static final VarHandle MESSAGES_OUT;
    private static final VarHandle BYTES_OUT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MESSAGES_OUT = lookup.findVarHandle(EngineSession.class, "messagesOut", long.class);
            BYTES_OUT = lookup.findVarHandle(EngineSession.class, "bytesOut", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final HandshakeInfo handshake;
    private final WebSocketHandler handler;
    private final WebSocketPolicy policy;
    private final EngineListener listener;
    private final LongSupplier clock;
    private final SessionState state = new SessionState();
    private final MessageAssembler assembler;
    private final OutboundFlusher flusher;
    private final AtomicBoolean closeReported = new AtomicBoolean();
    private final AtomicBoolean transportClosed = new AtomicBoolean();
    private volatile Map<String, Object> attributes;
    private volatile Transport transport;
    private volatile Runnable onFinished = () -> { };
    private volatile CloseStatus firstClose;
    private volatile long lastReceived;
    private volatile long lastPing;
    private volatile long closeStarted;
    /** When the message (or frame) now partly received began arriving; 0 between messages. */
    private volatile long messageStarted;
    // Traffic: the reader alone writes the inbound pair; any sender and the writer add to the
    // outbound pair through VarHandles (plain fields, no per-session counter objects).
    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long messagesOut;
    private volatile long bytesOut;
    private volatile boolean failed;
    // Guarded by this: a reader callback is running / the TCP close waits for it to drain input.
    private boolean readerActive;
    private boolean closeAfterDrain;

    EngineSession(String id, HandshakeInfo handshake, EndpointConfig endpoint, EngineListener listener,
            LongSupplier clock, FlushScheduler flushScheduler) {
        this.id = id;
        this.handshake = handshake;
        this.handler = endpoint.handler();
        this.policy = endpoint.policy();
        this.listener = listener;
        this.clock = clock;
        this.assembler = new MessageAssembler(new FrameParser(policy.maxFrameSize(), 0, true), policy.maxMessageSize(),
                policy.maxFragments());
        this.flusher = new OutboundFlusher(policy.maxQueuedBytes(), this, listener, clock, flushScheduler);
        long now = clock.getAsLong();
        this.lastReceived = now;
        this.lastPing = now;
    }

    /** Binds the byte pipe; {@code onFinished} runs once when the connection is gone. */
    void attach(Transport transport, Runnable onFinished) {
        this.transport = transport;
        this.onFinished = onFinished;
        flusher.attach(transport);
    }

    /** True once {@link #attach} has bound the connection. */
    boolean attached() {
        return transport != null;
    }

    OutboundFlusher flusher() {
        return flusher;
    }

    /** The handshake is done: tell the application. Sends made here wait for the first write callback. */
    void open() {
        listener.sessionOpened();
        invoke(() -> handler.onOpen(this));
    }

    // ------------------------------------------------------------------ inbound (reader thread)

    /** A container read callback starts. */
    void readerEntered() {
        synchronized (this) {
            readerActive = true;
        }
    }

    /** A container read callback ends: no more input is available right now. */
    void readerExited() {
        boolean close;
        synchronized (this) {
            readerActive = false;
            close = closeAfterDrain;
            closeAfterDrain = false;
        }
        if (close) {
            closeTransport();
        }
    }

    void onBytes(ByteBuffer bytes) {
        if (!state.canReceive()) {
            return; // §5.5.1: after a Close, further data is discarded
        }
        listener.bytesReceived(bytes.remaining());
        bytesIn += bytes.remaining(); // single writer: the reading thread
        long now = clock.getAsLong();
        lastReceived = now;
        try {
            assembler.feed(bytes, this);
            // Single writer: the reading thread. A message finished in this read and another begun
            // counts from now; the sweeper compares it with the message timeout.
            messageStarted = assembler.isIdle() ? 0 : (messageStarted != 0 ? messageStarted : nonZero(now));
        } catch (ProtocolException e) {
            listener.protocolError(e.closeCode());
            fail(new CloseStatus(e.closeCode(), e.reason()));
        }
    }

    @Override
    public void onText(String text) {
        messagesIn++; // single writer: the reading thread
        if (state.phase() == SessionState.Phase.OPEN) {
            invoke(() -> handler.onText(this, text));
        }
    }

    @Override
    public void onBinary(byte[] data) {
        messagesIn++;
        if (state.phase() == SessionState.Phase.OPEN) {
            invoke(() -> handler.onBinary(this, data));
        }
    }

    @Override
    public void onPing(byte[] payload) {
        // §5.5.2: a Pong with the same payload answers a Ping, unless we already sent Close.
        if (state.canSend()) {
            flusher.enqueuePong(FrameEncoder.frame(Opcode.PONG, payload));
        }
    }

    @Override
    public void onPong(byte[] payload) {
        if (state.phase() == SessionState.Phase.OPEN) {
            invoke(() -> handler.onPong(this, payload));
        }
    }

    @Override
    public void onClose(int code, String reason) {
        CloseStatus received = new CloseStatus(code, reason);
        recordFirstClose(received);
        if (!state.shutInput()) {
            return;
        }
        if (state.phase() == SessionState.Phase.CLOSED) {
            // We started the handshake and this is the answer; §7.1.1: the server closes TCP first.
            if (flusher.isCloseFlushed()) {
                closeTransport();
            }
        } else {
            // §5.5.1: answer with a Close, echoing the code; data not yet started is dropped.
            closeStarted = nonZero(clock.getAsLong());
            state.shutOutput();
            byte[] payload = FrameEncoder.closePayload(code, "");
            flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, payload), true);
        }
        reportClose(firstClose);
    }

    /** The peer closed the TCP connection. */
    void onEndOfInput() {
        if (state.phase() == SessionState.Phase.CLOSED) {
            closeTransport();
            reportClose(firstClose);
        } else {
            abort("Connection closed by the client without a close handshake");
        }
    }

    // ------------------------------------------------------------------ outbound (any thread)

    @Override
    public boolean sendText(String text) {
        return sendData(FrameEncoder.textFrame(text));
    }

    @Override
    public boolean sendBinary(byte[] data) {
        return sendData(FrameEncoder.frame(Opcode.BINARY, data));
    }

    @Override
    public boolean send(PreparedMessage message) {
        return sendData(message.frame());
    }

    private boolean sendData(byte[] frame) {
        if (!state.canSend()) {
            return false;
        }
        return switch (flusher.enqueueData(frame)) {
            case QUEUED -> {
                MESSAGES_OUT.getAndAdd(this, 1L);
                yield true;
            }
            case CLOSED -> false;
            case OVERFLOW -> {
                WebSocketHandler.OverflowAction action = WebSocketHandler.OverflowAction.CLOSE;
                try {
                    action = handler.onOverflow(this, frame.length);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "onOverflow failed for " + id, e);
                }
                if (action == WebSocketHandler.OverflowAction.CLOSE) {
                    fail(CloseStatus.TOO_SLOW);
                }
                yield false;
            }
        };
    }

    @Override
    public boolean ping(byte[] payload) {
        if (payload.length > 125) {
            throw new IllegalArgumentException("Ping payload over 125 bytes");
        }
        return state.canSend() && flusher.enqueueControl(FrameEncoder.frame(Opcode.PING, payload))
                == OutboundFlusher.Result.QUEUED;
    }

    @Override
    public void close(CloseStatus status) {
        if (!status.isSendable()) {
            throw new IllegalArgumentException("Close code " + status.code() + " may not be sent");
        }
        if (!state.shutOutput()) {
            return;
        }
        recordFirstClose(status);
        closeStarted = nonZero(clock.getAsLong());
        flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(status.code(), status.reason())),
                false);
        // The session is over for the application as soon as nothing more can be sent.
        reportClose(firstClose);
    }

    /**
     * Fails the connection (§7.1.7): stop reading, send Close with the given code ahead of pending
     * data, and drop TCP once it is written.
     */
    private void fail(CloseStatus status) {
        failed = true;
        recordFirstClose(status);
        state.shutInput();
        if (state.shutOutput()) {
            closeStarted = nonZero(clock.getAsLong());
            flusher.enqueueClose(FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(status.code(), status.reason())),
                    true);
        } else if (flusher.isCloseFlushed()) {
            closeTransport();
        }
        reportClose(firstClose);
    }

    /** Drops the connection without (further) handshake: the peer is gone or unresponsive. */
    void abort(String why) {
        state.abort();
        recordFirstClose(new CloseStatus(CloseCodes.ABNORMAL, why));
        flusher.discard();
        closeTransport();
        reportClose(firstClose);
    }

    // ------------------------------------------------------------------ flusher events

    @Override
    public void onCloseFlushed() {
        if (state.phase() == SessionState.Phase.CLOSED) {
            if (failed) {
                synchronized (this) {
                    if (readerActive) {
                        // The client may still be sending (say, the rest of an oversized message).
                        // Closing TCP with unread input makes the kernel send a reset, which can
                        // destroy our Close frame before the client reads it: let the reader
                        // discard what is there first; the close timeout bounds the wait.
                        closeAfterDrain = true;
                        return;
                    }
                }
            }
            closeTransport();
        }
        // else OUTPUT_SHUT: we wait for the client's Close, up to the close timeout
    }

    @Override
    public void onWriteFailed(IOException e) {
        if (LOG.isLoggable(Level.FINE)) {
            LOG.log(Level.FINE, "Write failed for " + id, e);
        }
        abort("Write failed: " + e.getMessage());
    }

    /** The container says the connection is gone (destroy, read error). Idempotent. */
    void onTransportClosed(String why) {
        abort(why);
    }

    // ------------------------------------------------------------------ timeouts (sweeper thread)

    /** Applies the policy's timeouts; called periodically by the shared sweeper. */
    void checkTimeouts(long now) {
        long notReadySince = flusher.notReadySince();
        if (notReadySince != 0 && now - notReadySince >= policy.writeTimeout().toNanos()) {
            abort("Write timeout: the client stopped reading");
            return;
        }
        // A switch expression must cover every phase, so the compiler asks which timeouts a new one has.
        boolean open = switch (state.phase()) {
            case OPEN -> true;
            case OUTPUT_SHUT, CLOSED, INPUT_SHUT -> false;
        };
        if (open) {
            long idle = policy.idleTimeout().toNanos();
            if (idle > 0 && now - lastReceived >= idle) {
                close(new CloseStatus(CloseCodes.GOING_AWAY, "Idle timeout"));
                return;
            }
            long message = policy.messageTimeout().toNanos();
            long started = messageStarted;
            if (message > 0 && started != 0 && now - started >= message) {
                // Slowloris on frames (§10.4: an endpoint may limit what it accepts): bytes keep the idle
                // timeout away, but the message never completes. Fail it like a violation: stop reading.
                listener.protocolError(CloseCodes.POLICY_VIOLATION);
                fail(new CloseStatus(CloseCodes.POLICY_VIOLATION, "Message not completed in time"));
                return;
            }
            long interval = policy.pingInterval().toNanos();
            if (interval > 0 && now - lastPing >= interval) {
                lastPing = now;
                ping(new byte[0]);
            }
        } else {
            long started = closeStarted;
            if (!transportClosed.get() && started != 0 && now - started >= policy.closeTimeout().toNanos()) {
                abort("Close timeout: no close handshake from the client");
            }
        }
    }

    // ------------------------------------------------------------------ plumbing

    private void invoke(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.WARNING, "Handler failed on session " + id + "; closing with 1011", e);
            fail(CloseStatus.SERVER_ERROR);
        }
    }

    /**
     * A reading for a field where 0 means "not started". {@code System.nanoTime()} has an arbitrary
     * origin and may be negative, so only 0 itself is nudged: clamping to at least 1 would park a
     * negative reading at 1, and {@code now - 1} would not reach the timeout for years.
     */
    static long nonZero(long nanos) {
        return nanos != 0 ? nanos : 1;
    }

    private void recordFirstClose(CloseStatus status) {
        if (firstClose == null) {
            synchronized (this) {
                if (firstClose == null) {
                    firstClose = status;
                }
            }
        }
    }

    private void reportClose(CloseStatus status) {
        if (closeReported.compareAndSet(false, true)) {
            listener.sessionClosed(status.code());
            try {
                handler.onClose(this, status);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "onClose failed for session " + id, e);
            }
        }
    }

    private void closeTransport() {
        if (transportClosed.compareAndSet(false, true)) {
            Transport t = transport;
            if (t != null) {
                t.close();
            }
            onFinished.run();
        }
    }

    // ------------------------------------------------------------------ WebSocketSession

    @Override
    public String id() {
        return id;
    }

    @Override
    public HandshakeInfo handshake() {
        return handshake;
    }

    @Override
    public Map<String, Object> attributes() {
        Map<String, Object> map = attributes;
        if (map == null) {
            synchronized (this) {
                map = attributes;
                if (map == null) {
                    attributes = map = new ConcurrentHashMap<>(4);
                }
            }
        }
        return map;
    }

    @Override
    public Object attribute(String name) {
        Map<String, Object> map = attributes;
        return map == null ? null : map.get(name);
    }

    @Override
    public boolean isOpen() {
        return state.phase() == SessionState.Phase.OPEN;
    }

    @Override
    public long queuedBytes() {
        return flusher.queuedBytes();
    }

    @Override
    public TrafficStats traffic() {
        return new TrafficStats(messagesIn, messagesOut, bytesIn, bytesOut);
    }

    /** The flusher handed {@code n} bytes to the network. */
    @Override
    public void wrote(int n) {
        BYTES_OUT.getAndAdd(this, (long) n);
    }

    /** True once the TCP connection has been closed (or handed back for closing). */
    boolean isTransportClosed() {
        return transportClosed.get();
    }

    SessionState.Phase phase() {
        return state.phase();
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + id + ", " + state + ", " + handshake.remoteAddress() + ", " + flusher + "]";
    }
}
