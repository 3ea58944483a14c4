package io.roomwire.websocket.servlet;

import io.roomwire.websocket.DeflatePolicy;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.FrameCompressor;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.protocol.DeflateParameters;
import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.MessageDeflater;
import io.roomwire.websocket.protocol.MessageInflater;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;

/**
 * One connection's side of permessage-deflate (RFC 7692) as agreed in its handshake: which frame
 * each send queues, and the inflater for what the client sends. Without server context takeover
 * every message is compressed on its own with a pooled deflater, and a {@link PreparedMessage} is
 * compressed once for all such connections; with it, the connection has its own deflater, and
 * compressing and queuing happen under its monitor so the client inflates in the same order.
 *
 * <p>Thread-safe. {@link #release()} ends the zlib state; later sends go out uncompressed, which
 * only matters to a connection already closed.
 */
final class SessionDeflate implements FrameCompressor {

    /** One deflater pool per policy, shared by every connection of the endpoints that use it. */
    private static final Map<DeflatePolicy, MessageDeflater> DEFLATERS = new ConcurrentHashMap<>();

    private final DeflateParameters parameters;
    private final MessageDeflater deflater;
    private final MessageDeflater.Context context;
    private final MessageInflater inflater;
    private final EngineListener listener;

    /** The connection's compression, or null when the handshake agreed none. */
    static SessionDeflate of(DeflateParameters parameters, DeflatePolicy policy, EngineListener listener) {
        if (parameters == null) {
            return null;
        }
        MessageDeflater deflater = DEFLATERS.computeIfAbsent(policy, p -> new MessageDeflater(p.level(), p.minSize()));
        return new SessionDeflate(parameters, policy, deflater, listener);
    }

    SessionDeflate(DeflateParameters parameters, DeflatePolicy policy, MessageDeflater deflater,
            EngineListener listener) {
        this.parameters = parameters;
        this.deflater = deflater;
        this.context = parameters.serverNoContextTakeover() ? null : deflater.newContext();
        // Shared mode agrees client_no_context_takeover too and drops the inflater after each
        // message, so an idle connection holds no zlib memory.
        this.inflater = new MessageInflater(!parameters.clientNoContextTakeover(),
                policy.mode() == DeflatePolicy.Mode.SHARED);
        this.listener = listener;
    }

    DeflateParameters parameters() {
        return parameters;
    }

    MessageInflater inflater() {
        return inflater;
    }

    /**
     * Queues a message through {@code queue.test(target, frame)} (which answers whether it was
     * queued): compressed when that pays, else plain. The target is passed apart from the function so
     * a caller can hand over a non-capturing method reference (one constant object) rather than
     * {@code this::queue}, which would allocate on every send, once per member of a broadcast.
     */
    <T> boolean send(int opcode, byte[] payload, T target, BiPredicate<? super T, byte[]> queue) {
        if (context == null) {
            byte[] frame = compress(opcode, payload, 0, payload.length);
            return queue.test(target, frame != null ? frame : FrameEncoder.frame(opcode, payload));
        }
        return sendInContext(opcode, payload, 0, payload.length, null, target, queue);
    }

    /** A broadcast: the shared compressed frame, or this connection's own with context takeover. */
    <T> boolean send(PreparedMessage message, T target, BiPredicate<? super T, byte[]> queue) {
        if (context == null) {
            return queue.test(target, message.deflatedFrame(this));
        }
        byte[] plain = message.frame();
        return sendInContext(message.opcode(), plain, message.payloadOffset(),
                plain.length - message.payloadOffset(), plain, target, queue);
    }

    /** Context takeover: compress and queue as one step, so frames are queued in window order. */
    private <T> boolean sendInContext(int opcode, byte[] buf, int off, int len, byte[] plainFrame,
            T target, BiPredicate<? super T, byte[]> queue) {
        synchronized (context) {
            byte[] frame = null;
            if (len >= deflater.minSize()) {
                long start = System.nanoTime();
                frame = context.frame(opcode, buf, off, len);
                if (frame != null) {
                    listener.compressed(len, payloadLength(frame), System.nanoTime() - start);
                }
            }
            if (frame == null) {
                frame = plainFrame != null ? plainFrame : FrameEncoder.frame(true, opcode, buf, off, len, null);
                return queue.test(target, frame);
            }
            boolean queued = queue.test(target, frame);
            if (!queued) {
                context.reset(); // the client never sees this message: forget it (MessageDeflater.Context#reset)
            }
            return queued;
        }
    }

    /** {@link FrameCompressor}: one message without context takeover, measured. */
    @Override
    public byte[] compress(int opcode, byte[] buf, int off, int len) {
        if (len < deflater.minSize()) {
            return null;
        }
        long start = System.nanoTime();
        byte[] frame = deflater.frameWithoutContext(opcode, buf, off, len);
        if (frame != null && !MessageDeflater.pays(frame, len)) {
            frame = null; // §6: a message may go out uncompressed; this one would only grow
        }
        listener.compressed(len, frame != null ? payloadLength(frame) : len, System.nanoTime() - start);
        return frame;
    }

    /** The payload length of an unmasked frame, from its header (RFC 6455 §5.2). */
    private static int payloadLength(byte[] frame) {
        int len7 = frame[1] & 0x7F;
        return len7 < 126 ? len7 : frame.length - (len7 == 126 ? 4 : 10);
    }

    /** The connection is over: end the deflater and the inflater. Idempotent, any thread. */
    void release() {
        if (context != null) {
            context.end();
        }
        inflater.close();
    }

    @Override
    public String toString() {
        return "SessionDeflate[" + parameters.responseHeader() + ", " + inflater + "]";
    }
}
