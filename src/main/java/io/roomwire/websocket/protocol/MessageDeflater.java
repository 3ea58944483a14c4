package io.roomwire.websocket.protocol;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Deflater;

/**
 * Compresses one message into one permessage-deflate frame (RFC 7692 §7.2.1): raw DEFLATE with a
 * sync flush, the {@code 00 00 FF FF} tail removed, RSV1 set. Without context takeover a pooled
 * {@link Deflater} is borrowed for the message and reset, so compressing costs no per-connection
 * state; with it, a {@link Context} keeps one deflater for one connection.
 *
 * <p>Thread-safe: the pool is lock-free, a {@link Context} has its own monitor.
 */
public final class MessageDeflater {

    /** RFC 6455 §5.2: RSV1, the bit permessage-deflate claims (RFC 7692 §6). */
    public static final int RSV1 = 4;

    /** Deflaters kept for reuse; each holds about 256 KB of native memory (zlib's 15-bit window, memLevel 8). */
    private static final int POOL_SIZE = 16;

    private static final int HEADER_ROOM = 10;

    private final int level;
    private final int minSize;
    private final ConcurrentLinkedQueue<Deflater> pool = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    /**
     * @param level   zlib level, 0-9, or -1 for zlib's default (6)
     * @param minSize payloads smaller than this are sent uncompressed
     */
    public MessageDeflater(int level, int minSize) {
        if (level < -1 || level > 9) {
            throw new IllegalArgumentException("Deflate level must be -1 to 9, was " + level);
        }
        this.level = level;
        this.minSize = Math.max(0, minSize);
    }

    public int minSize() {
        return minSize;
    }

    /**
     * The compressed frame of a message without context takeover, or null when the payload is under
     * the minimum size: the caller sends it plain (RSV1 clear, §6). See {@link #pays}.
     */
    public byte[] frameWithoutContext(int opcode, byte[] payload, int off, int len) {
        if (len < minSize) {
            return null;
        }
        Deflater deflater = pool.poll();
        if (deflater == null) {
            deflater = new Deflater(level, true);
        } else {
            pooled.decrementAndGet();
        }
        try {
            return compress(deflater, opcode, payload, off, len);
        } finally {
            deflater.reset(); // §7.1.1.1: no context takeover, every message starts afresh
            if (pooled.incrementAndGet() <= POOL_SIZE) {
                pool.offer(deflater);
            } else {
                pooled.decrementAndGet();
                deflater.end();
            }
        }
    }

    /**
     * Whether a compressed frame is smaller than the plain frame of a {@code payloadLength} payload.
     * Without context takeover a message that does not shrink may go out plain instead (RFC 7692 §6:
     * RSV1 clear), as tiny or already compressed payloads do.
     */
    public static boolean pays(byte[] compressedFrame, int payloadLength) {
        return compressedFrame.length < FrameEncoder.headerLength(payloadLength, false) + payloadLength;
    }

    /** A deflater for one connection that keeps its window across messages (context takeover). */
    public Context newContext() {
        return new Context();
    }

    /** One connection's compressor with context takeover; created lazily, ended with the connection. */
    public final class Context {
        private Deflater deflater;
        private boolean ended;

        private Context() {
        }

        /**
         * The frame of the next message, or null when it is under the minimum size (sent plain,
         * leaving the window alone) or the context was ended. Callers hold this monitor across
         * compressing and queuing, so the client inflates messages in the order they were compressed.
         */
        public synchronized byte[] frame(int opcode, byte[] payload, int off, int len) {
            if (ended || len < minSize) {
                return null;
            }
            if (deflater == null) {
                deflater = new Deflater(level, true);
            }
            return compress(deflater, opcode, payload, off, len);
        }

        /**
         * Forgets the window after a compressed frame could not be queued: what follows refers only to
         * itself, which the client's inflater reads whatever its window holds.
         */
        public synchronized void reset() {
            if (deflater != null) {
                deflater.reset();
            }
        }

        public synchronized void end() {
            ended = true;
            if (deflater != null) {
                deflater.end();
                deflater = null;
            }
        }
    }

    /** Deflates {@code payload} with a sync flush and frames it with RSV1 and without the tail. */
    static byte[] compress(Deflater deflater, int opcode, byte[] payload, int off, int len) {
        deflater.setInput(payload, off, len);
        byte[] buf = new byte[HEADER_ROOM + len + (len >> 6) + 64];
        int pos = HEADER_ROOM;
        while (true) {
            pos += deflater.deflate(buf, pos, buf.length - pos, Deflater.SYNC_FLUSH);
            if (pos < buf.length) {
                break; // room left over: the flush is complete
            }
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        // §7.2.1: a sync flush ends with an empty stored block, 00 00 FF FF, which is removed.
        int length = pos - HEADER_ROOM - 4;
        byte[] frame = new byte[FrameEncoder.headerLength(length, false) + length];
        int at = FrameEncoder.writeHeader(frame, 0, true, RSV1, opcode, length, null);
        System.arraycopy(buf, HEADER_ROOM, frame, at, length);
        return frame;
    }
}
