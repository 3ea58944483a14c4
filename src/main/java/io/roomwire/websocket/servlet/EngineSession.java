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
import io.roomwire.websocket.protocol.DeflateParameters;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.FrameParser;
import io.roomwire.websocket.protocol.MessageAssembler;
import io.roomwire.websocket.protocol.MessageDeflater;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.ProtocolException;
import io.roomwire.websocket.TrafficStats;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A WebSocket session: inbound bytes to handler callbacks, sends to the outbound queue, and the
 * close handshake of RFC 6455 §7 through {@link SessionLifecycle}. Every protocol violation becomes a
 * Close frame here, in {@link #fail}, and nowhere else.
 *
 * <p>Threading: {@link #onBytes} is called by one reading thread at a time. Sends, {@link #close}
 * and {@link #checkTimeouts} may come from any thread. State changes are compare-and-sets on
 * {@link SessionLifecycle}, each returning what to do, which {@link #perform} does; the queue has its
 * own monitor; {@code onClose} is reported exactly once.
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
    private final SessionLifecycle state = new SessionLifecycle();
    private final MessageAssembler assembler;
    private final SessionDeflate deflate;
    private final OutboundFlusher flusher;
    // Name, value, name, value...: a session carries one or two attributes (the chat connection, an auth
    // deadline), and a concurrent map for them cost about 170 bytes per idle connection. Guarded by this.
    private Object[] attributes;
    private volatile Transport transport;
    private volatile Runnable onFinished = () -> { };
    private volatile Runnable whenRemoved; // the registry's: gives back the per-address slot
    private volatile long lastReceived;
    private volatile long lastPing;
    /** When the message (or frame) now partly received began arriving; 0 between messages. */
    private volatile long messageStarted;
    // Traffic: the reader alone writes the inbound pair; any sender and the writer add to the
    // outbound pair through VarHandles (plain fields, no per-session counter objects).
    private volatile long messagesIn;
    private volatile long bytesIn;
    private volatile long messagesOut;
    private volatile long bytesOut;

    EngineSession(String id, HandshakeInfo handshake, EndpointConfig endpoint, EngineListener listener,
            LongSupplier clock, FlushScheduler flushScheduler) {
        this(id, handshake, endpoint, listener, clock, flushScheduler, null);
    }

    /** @param deflate the permessage-deflate parameters the handshake agreed (RFC 7692), or null */
    EngineSession(String id, HandshakeInfo handshake, EndpointConfig endpoint, EngineListener listener,
            LongSupplier clock, FlushScheduler flushScheduler, DeflateParameters deflate) {
        this.id = id;
        this.handshake = handshake;
        this.handler = endpoint.handler();
        this.policy = endpoint.policy();
        this.listener = listener;
        this.clock = clock;
        this.deflate = SessionDeflate.of(deflate, policy.deflate(), listener);
        // RFC 7692 §6: the negotiated extension claims RSV1; without it RSV1 fails with 1002 (§5.2).
        FrameParser parser = new FrameParser(policy.maxFrameSize(), this.deflate != null ? MessageDeflater.RSV1 : 0, true);
        this.assembler = new MessageAssembler(parser, policy.maxMessageSize(),
                this.deflate != null ? this.deflate.inflater() : null, policy.maxFragments());
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

    void whenRemoved(Runnable action) {
        this.whenRemoved = action;
    }

    Runnable whenRemoved() {
        return whenRemoved;
    }

    OutboundFlusher flusher() {
        return flusher;
    }

    /** The agreed permessage-deflate, or null. */
    SessionDeflate deflate() {
        return deflate;
    }

    /** The handshake is done: tell the application. Sends made here wait for the first write callback. */
    void open() {
        listener.sessionOpened();
        if (deflate != null) {
            listener.deflateSession(true);
        }
        invoke(() -> handler.onOpen(this));
    }

    // ------------------------------------------------------------------ inbound (reader thread)

    /** A container read callback starts. */
    void readerEntered() {
        state.readerEntered();
    }

    /** A container read callback ends: no more input is available right now. */
    void readerExited() {
        perform(state.readerExited(), null);
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
            if (state.isTransportClosed()) {
                return; // closed under the reader (its inflater ended): not the client's violation
            }
            listener.protocolError(e.closeCode());
            fail(new CloseStatus(e.closeCode(), e.reason()));
        }
    }

    @Override
    public void onText(String text) {
        messagesIn++; // single writer: the reading thread
        if (state.phase() == SessionLifecycle.Phase.OPEN) {
            invoke(() -> handler.onText(this, text));
        }
    }

    @Override
    public void onBinary(byte[] data) {
        messagesIn++;
        if (state.phase() == SessionLifecycle.Phase.OPEN) {
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
        if (state.phase() == SessionLifecycle.Phase.OPEN) {
            invoke(() -> handler.onPong(this, payload));
        }
    }

    @Override
    public void onClose(int code, String reason) {
        // §5.5.1: a reply echoes the code; queued data not yet started is dropped.
        CloseStatus received = new CloseStatus(code, reason);
        perform(state.closeReceived(received, clock.getAsLong()), () -> closeFrame(code, ""));
    }

    /** The peer closed the TCP connection. */
    void onEndOfInput() {
        perform(state.endOfInput(new CloseStatus(CloseCodes.ABNORMAL,
                "Connection closed by the client without a close handshake")), null);
    }

    // ------------------------------------------------------------------ outbound (any thread)

    @Override
    public boolean sendText(String text) {
        if (deflate != null) {
            return deflate.send(Opcode.TEXT, text.getBytes(StandardCharsets.UTF_8), this, EngineSession::sendData);
        }
        return sendData(FrameEncoder.textFrame(text));
    }

    @Override
    public boolean sendBinary(byte[] data) {
        if (deflate != null) {
            return deflate.send(Opcode.BINARY, data, this, EngineSession::sendData);
        }
        return sendData(FrameEncoder.frame(Opcode.BINARY, data));
    }

    @Override
    public boolean send(PreparedMessage message) {
        if (deflate != null) {
            // Unbound, so one shared object: a bound this::sendData would allocate per delivery.
            return deflate.send(message, this, EngineSession::sendData);
        }
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
        // The session is over for the application as soon as nothing more can be sent.
        perform(state.close(status, clock.getAsLong()), () -> closeFrame(status.code(), status.reason()));
    }

    /**
     * Fails the connection (§7.1.7): stop reading, send Close with the given code ahead of pending
     * data, and drop TCP once it is written.
     */
    private void fail(CloseStatus status) {
        perform(state.fail(status, clock.getAsLong()), () -> closeFrame(status.code(), status.reason()));
    }

    /** Drops the connection without (further) handshake: the peer is gone or unresponsive. */
    void abort(String why) {
        perform(state.abort(new CloseStatus(CloseCodes.ABNORMAL, why)), null);
    }

    /** Does what a {@link SessionLifecycle} transition asked for, in this order. */
    private void perform(int actions, Supplier<byte[]> closeFrame) {
        if ((actions & SessionLifecycle.DISCARD) != 0) {
            flusher.discard();
        }
        if ((actions & (SessionLifecycle.QUEUE_CLOSE | SessionLifecycle.QUEUE_CLOSE_NOW)) != 0) {
            flusher.enqueueClose(closeFrame.get(), (actions & SessionLifecycle.QUEUE_CLOSE_NOW) != 0);
        }
        if ((actions & SessionLifecycle.CLOSE_TCP) != 0) {
            closeTransport();
        }
        if ((actions & SessionLifecycle.REPORT) != 0) {
            reportClose(state.closeStatus());
        }
    }

    private static byte[] closeFrame(int code, String reason) {
        return FrameEncoder.frame(Opcode.CLOSE, FrameEncoder.closePayload(code, reason));
    }

    // ------------------------------------------------------------------ flusher events

    @Override
    public void onCloseFlushed() {
        // CLOSED: TCP closes now, or after the reader drains input (SessionLifecycle#mayCloseTcp);
        // OUTPUT_SHUT: we wait for the client's Close, up to the close timeout.
        perform(state.closeFlushed(), null);
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
        // Every phase listed, no default: a new phase must say which timeouts it has.
        switch (state.phase()) {
            case OPEN -> {
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
            }
            case OUTPUT_SHUT, CLOSED -> {
                if (state.closeTimedOut(now, policy.closeTimeout().toNanos())) {
                    abort("Close timeout: no close handshake from the client");
                }
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

    /** Called once, by the transition that ended the session for the application. */
    private void reportClose(CloseStatus status) {
        listener.sessionClosed(status.code());
        if (deflate != null) {
            listener.deflateSession(false);
        }
        try {
            handler.onClose(this, status);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "onClose failed for session " + id, e);
        }
    }

    /** Called once, by the transition that closed TCP. */
    private void closeTransport() {
        if (deflate != null) {
            deflate.release(); // zlib memory is native: free it now, not when the GC finds it
        }
        Transport t = transport;
        if (t != null) {
            t.close();
        }
        onFinished.run();
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
    public String extensions() {
        return deflate != null ? deflate.parameters().responseHeader() : null;
    }

    @Override
    public synchronized Object attribute(String name) {
        int at = indexOf(name);
        return at < 0 ? null : attributes[at + 1];
    }

    @Override
    public synchronized void setAttribute(String name, Object value) {
        Object[] pairs = attributes;
        int at = indexOf(name);
        if (value == null) {
            if (at >= 0) {
                Object[] fewer = new Object[pairs.length - 2];
                System.arraycopy(pairs, 0, fewer, 0, at);
                System.arraycopy(pairs, at + 2, fewer, at, pairs.length - at - 2);
                attributes = fewer.length == 0 ? null : fewer;
            }
        } else if (at >= 0) {
            pairs[at + 1] = value;
        } else {
            Object[] more = pairs == null ? new Object[2] : Arrays.copyOf(pairs, pairs.length + 2);
            more[more.length - 2] = name;
            more[more.length - 1] = value;
            attributes = more;
        }
    }

    /** Under the monitor: where {@code name} sits in {@link #attributes}, or -1. */
    private int indexOf(String name) {
        Object[] pairs = attributes;
        for (int i = 0; pairs != null && i < pairs.length; i += 2) {
            if (name.equals(pairs[i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public boolean isOpen() {
        return state.phase() == SessionLifecycle.Phase.OPEN;
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
        return state.isTransportClosed();
    }

    SessionLifecycle.Phase phase() {
        return state.phase();
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + id + ", " + state + ", " + handshake.remoteAddress() + ", " + flusher + "]";
    }
}
