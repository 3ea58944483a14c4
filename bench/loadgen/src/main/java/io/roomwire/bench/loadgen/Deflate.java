package io.roomwire.bench.loadgen;

import java.util.Arrays;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) on the client's receiving side. The loadgen offers
 * {@value #OFFER} and sends its own frames uncompressed (allowed: RSV1 is per message, §6), checks the
 * server's answer in the 101, and inflates the messages that arrive with RSV1 set (§7.2.2).
 *
 * <p>One instance per {@link IoLoop}, used only by that loop's thread. Inflating allocates nothing per
 * message:
 * <ul>
 *   <li>{@code server_no_context_takeover} (what RoomWire's {@code shared} mode always answers): every
 *   message is a fresh DEFLATE stream, so the loop's single {@link Inflater} is {@link Inflater#reset()}
 *   and reused for every connection. A message whose whole compressed payload is in the read buffer
 *   (the usual case) is inflated straight from it; one split over reads or frames is first gathered in
 *   the connection's {@link Conn#zbuf}, which grows once and is reused. No zlib memory per connection.</li>
 *   <li>context takeover (the answer lacks {@code server_no_context_takeover}): the window carries over
 *   between messages, so the connection gets its own {@link Inflater} (about 40 KB native, created on the
 *   first compressed message, ended when the connection closes), fed as the payload arrives.</li>
 * </ul>
 * The inflated bytes go to the same place as a plain payload: the first {@link Conn#HEAD} bytes to
 * {@link Conn#head} for the JSON scan, the rest counted.
 *
 * <p>Memo ({@code --inflate-memo}, on by default): in shared mode every member of a room receives the
 * byte-identical compressed frame of a broadcast, and a fresh DEFLATE stream always inflates to the same
 * bytes. So, for {@code server_no_context_takeover} only, the loop remembers its last few compressed
 * messages (16 slots by hash, up to {@value #MEMO_MAX} bytes each) with what they inflated to, and a
 * message equal byte for byte to one of them takes the remembered result instead of inflating again. Every
 * distinct frame is still inflated (a corrupt one fails there), and the result is the same; only the
 * loadgen's CPU differs. Hits are counted ({@code reused}).
 */
final class Deflate {

    /** What every connection offers with {@code --deflate}. */
    static final String OFFER = "permessage-deflate; client_no_context_takeover";
    static final String EXTENSION = "permessage-deflate";
    /** Appended to each compressed message before inflating (§7.2.2). */
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Stats stats;
    /** For server_no_context_takeover: reset before each message, shared by all this loop's connections. */
    private final Inflater fresh = new Inflater(true);
    /** Inflated output; only its first bytes per message are kept (in Conn.head). */
    private final byte[] out = new byte[16 * 1024];

    private static final int MEMO_SLOTS = 16;
    static final int MEMO_MAX = 4096;
    private final boolean memo;
    private final int[] memoHash = new int[MEMO_SLOTS];
    private final byte[][] memoZ = new byte[MEMO_SLOTS][];
    private final int[] memoZLen = new int[MEMO_SLOTS];
    private final byte[][] memoHead = new byte[MEMO_SLOTS][Conn.HEAD];
    private final int[] memoHeadLen = new int[MEMO_SLOTS];
    private final long[] memoMsgLen = new long[MEMO_SLOTS];

    Deflate(Stats stats, boolean memo) {
        this.stats = stats;
        this.memo = memo;
    }

    // ---------------------------------------------------------------- the 101's answer

    /**
     * Checks a {@code Sec-WebSocket-Extensions} answer to {@link #OFFER} (all header lines joined with ",").
     *
     * @return null when the server agreed to nothing (the connection is uncompressed), else whether it
     *         answered {@code server_no_context_takeover}
     * @throws IllegalArgumentException with the reason when the answer is not one a client may accept
     *         (RFC 7692 §7.1: it must fail the connection)
     */
    static Boolean serverNoContextTakeover(String answer) {
        if (answer == null || answer.isBlank()) {
            return null;
        }
        Boolean result = null;
        for (String element : answer.split(",")) {
            if (element.isBlank()) {
                continue;
            }
            String[] parts = element.split(";");
            String name = parts[0].trim().toLowerCase(Locale.ROOT);
            if (!name.equals(EXTENSION)) {
                throw new IllegalArgumentException("extension not offered: " + name);
            }
            if (result != null) {
                throw new IllegalArgumentException("permessage-deflate answered twice");
            }
            boolean serverNoContext = false;
            boolean clientNoContext = false;
            boolean serverWindow = false;
            for (int i = 1; i < parts.length; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                String pName = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                switch (pName) {
                    case "server_no_context_takeover" -> {
                        if (serverNoContext || value != null) {
                            throw new IllegalArgumentException("bad server_no_context_takeover");
                        }
                        serverNoContext = true;
                    }
                    case "client_no_context_takeover" -> {
                        if (clientNoContext || value != null) {
                            throw new IllegalArgumentException("bad client_no_context_takeover");
                        }
                        clientNoContext = true;
                    }
                    case "server_max_window_bits" -> {
                        // any window of 8..15 bits: a 15-bit inflater reads them all
                        if (serverWindow || value == null || !value.matches("[1-9][0-9]?")
                                || Integer.parseInt(value) < 8 || Integer.parseInt(value) > 15) {
                            throw new IllegalArgumentException("bad server_max_window_bits");
                        }
                        serverWindow = true;
                    }
                    // client_max_window_bits was not offered, so the server must not answer it (§7.1.2.2)
                    default -> throw new IllegalArgumentException("parameter not allowed: " + pName);
                }
            }
            result = serverNoContext;
        }
        return result;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"' ? v.substring(1, v.length() - 1) : v;
    }

    // ---------------------------------------------------------------- inflating

    /** Compressed payload bytes {@code a[off..off+n)} of the current message of {@code c}. */
    void payload(Conn c, byte[] a, int off, int n) throws DataFormatException {
        stats.deflateWireBytes.add(n);
        if (!c.serverNoContext) {
            inflate(context(c), c, a, off, n);
        } else if (c.zLen == 0 && c.frameFin && c.frameOpcode != Frames.OP_CONT && n == c.payloadLeft) {
            // the whole message (one frame) is in the read buffer: inflate it from there, no copy
            inflateFresh(c, a, off, n);
            c.inflated = true;
        } else {
            if (c.zbuf == null || c.zLen + n > c.zbuf.length) {
                c.zbuf = Arrays.copyOf(c.zbuf == null ? new byte[0] : c.zbuf,
                        Math.max(512, Math.max(c.zLen + n, c.zbuf == null ? 0 : 2 * c.zbuf.length)));
            }
            System.arraycopy(a, off, c.zbuf, c.zLen, n);
            c.zLen += n;
        }
    }

    /** The last frame of a compressed message of {@code c} is in: inflate what is left. */
    void finish(Conn c) throws DataFormatException {
        stats.deflateMessages.increment();
        if (!c.serverNoContext) {
            Inflater inf = context(c);
            inflate(inf, c, TAIL, 0, TAIL.length);
            if (inf.finished()) { // the sender ended the stream (BFINAL): the next message starts a new one
                inf.reset();
            }
        } else if (!c.inflated) {
            inflateFresh(c, c.zbuf == null ? TAIL : c.zbuf, 0, c.zLen);
        }
        c.zLen = 0;
        c.inflated = false;
    }

    /** Frees the connection's own inflater (context takeover only); runs when it closes. */
    static void release(Conn c) {
        if (c.inflater != null) {
            c.inflater.end();
            c.inflater = null;
        }
        c.zLen = 0;
        c.inflated = false;
    }

    /** A whole compressed message {@code a[off..off+n)} with no context (nothing of it inflated yet). */
    private void inflateFresh(Conn c, byte[] a, int off, int n) throws DataFormatException {
        if (!memo || n > MEMO_MAX) {
            fresh.reset();
            inflate(fresh, c, a, off, n);
            inflate(fresh, c, TAIL, 0, TAIL.length);
            return;
        }
        int h = n;
        for (int i = off, end = off + n; i < end; i++) {
            h = 31 * h + a[i];
        }
        int slot = (h ^ (h >>> 16)) & (MEMO_SLOTS - 1);
        byte[] z = memoZ[slot];
        if (z != null && memoHash[slot] == h && memoZLen[slot] == n && Arrays.equals(z, 0, n, a, off, off + n)) {
            int len = memoHeadLen[slot];
            System.arraycopy(memoHead[slot], 0, c.head, 0, len);
            c.headLen = len;
            c.msgLen = memoMsgLen[slot];
            stats.deflateInflatedBytes.add(c.msgLen);
            stats.deflateReused.increment();
            return;
        }
        fresh.reset();
        inflate(fresh, c, a, off, n);
        inflate(fresh, c, TAIL, 0, TAIL.length);
        if (z == null || z.length < n) {
            z = memoZ[slot] = new byte[Math.max(256, n)];
        }
        System.arraycopy(a, off, z, 0, n);
        memoZLen[slot] = n;
        memoHash[slot] = h;
        System.arraycopy(c.head, 0, memoHead[slot], 0, c.headLen);
        memoHeadLen[slot] = c.headLen;
        memoMsgLen[slot] = c.msgLen;
    }

    private static Inflater context(Conn c) {
        if (c.inflater == null) {
            c.inflater = new Inflater(true);
        }
        return c.inflater;
    }

    private void inflate(Inflater inf, Conn c, byte[] a, int off, int len) throws DataFormatException {
        inf.setInput(a, off, len);
        for (int stalls = 0; ; ) {
            int n = inf.inflate(out, 0, out.length);
            if (n > 0) {
                int cp = Math.min(n, Conn.HEAD - c.headLen);
                if (cp > 0) {
                    System.arraycopy(out, 0, c.head, c.headLen, cp);
                    c.headLen += cp;
                }
                c.msgLen += n;
                stats.deflateInflatedBytes.add(n);
                if (n < out.length && inf.needsInput()) {
                    return;
                }
            } else if (inf.needsInput() || inf.finished()) {
                return;
            } else if (inf.needsDictionary() || ++stalls > 3) {
                throw new DataFormatException("inflater makes no progress");
            }
        }
    }
}
