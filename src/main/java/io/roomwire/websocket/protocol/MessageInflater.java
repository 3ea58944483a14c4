package io.roomwire.websocket.protocol;

import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates permessage-deflate messages (RFC 7692 §7.2.2) as their payload streams in, into one
 * buffer that never grows past the message limit: a zip bomb fails with 1009 after inflating at most
 * {@code limit + 1} bytes, whatever it would expand to. The {@code 00 00 FF FF} tail the sender
 * stripped is appended at the end of each message (§7.2.2).
 *
 * <p>The {@link Inflater} (about 40 KB of native zlib memory) is created on the first compressed
 * message. Without client context takeover it is reset after each message, or, with {@code release},
 * ended, so a connection holds no zlib memory between messages. {@link #close()} ends it for good.
 *
 * <p>Used by the reading thread; {@link #close()} may come from any thread, hence the monitor.
 */
public final class MessageInflater {

    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final boolean contextTakeover;
    private final boolean release;
    private Inflater inflater;
    private boolean closed;
    private long limit;
    private long compressed;
    private byte[] out;
    private int length;

    /**
     * @param contextTakeover the client keeps its window across messages (§7.1.1.2 not agreed)
     * @param release         without context takeover, end the inflater after each message rather
     *                        than reset it
     */
    public MessageInflater(boolean contextTakeover, boolean release) {
        this.contextTakeover = contextTakeover;
        this.release = release;
    }

    /** A compressed message starts; its inflated size may not exceed {@code limit}. */
    public synchronized void begin(long limit) {
        this.limit = limit;
        this.compressed = 0;
        this.length = 0;
        this.out = null;
    }

    /**
     * Inflates a piece of compressed payload.
     *
     * @return the inflated length before this piece: the new bytes are {@code [returned, length())}
     */
    public synchronized int inflate(byte[] in, int from, int to) throws ProtocolException {
        compressed += to - from;
        // Deflate's stored blocks add 5 bytes per 64 KB, so honest data is barely bigger compressed; a
        // stream of empty blocks, which would never grow the output, stops here.
        if (compressed > limit + (limit >> 4) + 1024) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Compressed message exceeds the limit of " + limit + " bytes");
        }
        int before = length;
        run(in, from, to - from);
        return before;
    }

    /** The message's last frame is in: append the tail (§7.2.2) and inflate what remains. */
    public synchronized int finish() throws ProtocolException {
        int before = length;
        run(TAIL, 0, TAIL.length);
        return before;
    }

    /** The inflated buffer; bytes {@code [0, length())} are the message so far. */
    public synchronized byte[] buffer() {
        return out;
    }

    public synchronized int length() {
        return length;
    }

    /** The whole message, and the state prepared for the next one (§7.1.1: reset without takeover). */
    public synchronized byte[] take() {
        byte[] message = out == null ? new byte[0] : length == out.length ? out : Arrays.copyOf(out, length);
        out = null;
        length = 0;
        if (inflater != null && (!contextTakeover || inflater.finished())) {
            // A sender may end a message with a BFINAL block (§7.2.3.4); the stream starts over then.
            if (release) {
                inflater.end();
                inflater = null;
            } else {
                inflater.reset();
            }
        }
        return message;
    }

    /** Ends the inflater and drops any partial message; later calls fail. Idempotent. */
    public synchronized void close() {
        closed = true;
        out = null;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    /** True while a native inflater is held (for tests of the memory promise). */
    public synchronized boolean holdsInflater() {
        return inflater != null;
    }

    private void run(byte[] in, int off, int len) throws ProtocolException {
        if (closed) {
            throw new ProtocolException(CloseCodes.GOING_AWAY, "Connection closed");
        }
        if (inflater == null) {
            inflater = new Inflater(true); // raw DEFLATE, no zlib header (§7.2.1)
        }
        if (inflater.finished()) {
            return; // after a BFINAL block nothing more belongs to the message
        }
        inflater.setInput(in, off, len);
        try {
            while (true) {
                if (out == null || length == out.length) {
                    grow(len);
                }
                int n = inflater.inflate(out, length, out.length - length);
                length += n;
                if (n == 0 && (inflater.needsInput() || inflater.finished())) {
                    return;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Compressed data asks for a dictionary");
                }
            }
        } catch (DataFormatException e) {
            // RFC 7692 §8 leaves the code to us; the payload is not valid DEFLATE data, as 1007 says.
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Invalid compressed data");
        }
    }

    /** Room for more output, never beyond {@code limit + 1}: one byte past the limit proves it exceeded. */
    private void grow(int inputLength) throws ProtocolException {
        long cap = limit + 1;
        if (out != null && out.length >= cap) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Message exceeds the limit of " + limit + " bytes once inflated");
        }
        long wanted = out == null ? Math.max(256L, 4L * inputLength) : 2L * out.length;
        int size = (int) Math.min(Math.min(wanted, cap), Integer.MAX_VALUE - 8);
        out = out == null ? new byte[size] : Arrays.copyOf(out, size);
    }

    @Override
    public synchronized String toString() {
        return "MessageInflater[" + (inflater == null ? "no inflater" : "inflater") + (out != null ? ", " + length + " bytes" : "")
                + "]";
    }
}
