package io.roomwire.bench.loadgen;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * {@code java -jar loadgen.jar --self-check}: feeds the RFC 7692 §7.2.3 examples and a RoomWire-like
 * compressed chat message through the loadgen's own frame parser ({@link IoLoop#consume}) and
 * {@link Deflate}, with no server and no sockets, checks the 101 answer parser, and measures what
 * inflating one message costs (time and bytes allocated). Exits 1 when a check fails.
 */
final class SelfCheck {

    private static int failures;

    private SelfCheck() {
    }

    static boolean run() throws Exception {
        // every message really inflated here; the memo is checked on its own loop further down
        Options o = Options.parse(new String[] {"--deflate", "--inflate-memo", "false", "--url", "ws://127.0.0.1:9/ws"});
        Shared sh = new Shared(o);
        IoLoop loop = new IoLoop(0, sh);

        // the 101's Sec-WebSocket-Extensions
        check("answer: RoomWire shared mode", Deflate.serverNoContextTakeover(
                "permessage-deflate; server_no_context_takeover; client_no_context_takeover"), Boolean.TRUE);
        check("answer: context takeover", Deflate.serverNoContextTakeover("permessage-deflate; client_no_context_takeover"),
                Boolean.FALSE);
        check("answer: window bits", Deflate.serverNoContextTakeover("permessage-deflate; server_max_window_bits=\"12\""),
                Boolean.FALSE);
        check("answer: none", Deflate.serverNoContextTakeover(null), null);
        refused("permessage-deflate; client_max_window_bits=10");
        refused("permessage-deflate; server_max_window_bits=7");
        refused("permessage-deflate; server_no_context_takeover=1");
        refused("x-webkit-deflate-frame");
        refused("permessage-deflate, permessage-deflate");

        // RFC 7692 §7.2.3.1: "Hello" in one compressed frame (0xc1 = FIN, RSV1, text)
        byte[] hello = hex("c107f248cdc9c90700");

        // the 101 as RoomWire's shared mode answers, with the first frame in the same read
        Conn hs = handshake(loop, "permessage-deflate; server_no_context_takeover; client_no_context_takeover", hello);
        check("101 shared mode: agreed, no context takeover, frame inflated",
                hs.state + " " + hs.deflate + " " + hs.serverNoContext + " " + head(hs), "OPEN true true Hello");
        hs = handshake(loop, "permessage-deflate;client_no_context_takeover", new byte[0]);
        check("101 context takeover", hs.state + " " + hs.deflate + " " + hs.serverNoContext, "OPEN true false");
        hs = handshake(loop, null, new byte[0]);
        check("101 without the header: plain", hs.state + " " + hs.deflate, "OPEN false");
        hs = handshake(loop, "permessage-deflate; client_max_window_bits=12", new byte[0]);
        check("101 with an answer not offered: connection failed", hs.state, Conn.State.CLOSED);
        check("101 counters", sh.stats.deflateAgreed.get() + "/" + sh.stats.deflateContextTakeover.get() + "/"
                + sh.stats.deflateDeclined.get() + "/" + Stats.snapshot(sh.stats.connectFailures),
                "2/1/1/{handshake: Sec-WebSocket-Extensions parameter not allowed: client_max_window_bits=1}");
        Conn c = open(loop, true, true);
        loop.consume(c, hello, 0, hello.length, 0);
        check("7.2.3.1 one frame, from the read buffer", head(c), "Hello");
        c = open(loop, true, true);
        for (int i = 0; i < hello.length; i++) { // one byte per read: gathered in Conn.zbuf
            loop.consume(c, hello, i, i + 1, 0);
        }
        check("7.2.3.1 one frame, byte by byte", head(c), "Hello");
        // §7.2.3.1 fragmented: the compressed data split over two frames, RSV1 on the first only
        byte[] fragmented = hex("4103f248cd" + "8004c9c90700");
        c = open(loop, true, true);
        loop.consume(c, fragmented, 0, fragmented.length, 0);
        check("7.2.3.1 two fragments", head(c), "Hello");
        // §7.2.3.2: the second "Hello" refers back to the first (context takeover)
        byte[] twice = hex("c107f248cdc9c90700" + "c105f200110000");
        c = open(loop, true, false);
        loop.consume(c, twice, 0, 9, 0);
        check("7.2.3.2 context takeover, first", head(c), "Hello");
        loop.consume(c, twice, 9, twice.length, 0);
        check("7.2.3.2 context takeover, second", head(c), "Hello");
        // §7.2.3.3: a stored (uncompressed) DEFLATE block
        byte[] stored = hex("c10b0005 00faff48656c6c6f00".replace(" ", ""));
        c = open(loop, true, true);
        loop.consume(c, stored, 0, stored.length, 0);
        check("7.2.3.3 stored block", head(c), "Hello");

        // a RoomWire chat message as the server sends it in shared mode, then a plain one
        String json = "{\"type\":\"message\",\"room\":\"bench-r12\",\"seq\":7,\"kind\":\"chat\",\"text\":\"t=123456789;"
                + "x".repeat(88) + "\",\"meta\":{},\"from\":{\"id\":\"u0123456789ab\",\"name\":\"lg12\"},\"ts\":1765072979123}";
        byte[] frame = compressedFrame(json.getBytes(StandardCharsets.UTF_8));
        c = open(loop, true, true);
        loop.consume(c, frame, 0, frame.length, 0);
        check("chat message: seq parsed", c.lastSeq, 7L);
        check("chat message: inflated size", c.msgLen, (long) json.length());
        byte[] plain = plainFrame("{\"type\":\"message\",\"room\":\"bench-r12\",\"seq\":8,\"text\":\"t=1;\"}");
        loop.consume(c, plain, 0, plain.length, 0);
        check("plain message on a deflate connection", c.lastSeq, 8L);

        // RSV1 where nothing was agreed, and bad DEFLATE data, close the connection
        c = open(loop, false, false);
        loop.consume(c, hello, 0, hello.length, 0);
        check("RSV1 without permessage-deflate closes", c.state, Conn.State.CLOSED);
        c = open(loop, true, true);
        byte[] bad = hex("c103ffffff");
        loop.consume(c, bad, 0, bad.length, 0);
        check("bad DEFLATE data closes", c.state, Conn.State.CLOSED);

        // --inflate-memo: the same compressed bytes again take the remembered result
        Shared memoShared = new Shared(Options.parse(new String[] {"--deflate", "--url", "ws://127.0.0.1:9/ws"}));
        IoLoop memoLoop = new IoLoop(1, memoShared);
        c = open(memoLoop, true, true);
        memoLoop.consume(c, frame, 0, frame.length, 0);
        Conn d = open(memoLoop, true, true);
        memoLoop.consume(d, frame, 0, frame.length, 0);
        check("memo: second member gets the same message", head(d) + d.msgLen + "/" + d.lastSeq,
                json.substring(0, Math.min(json.length(), Conn.HEAD)) + json.length() + "/7");
        check("memo: counted as reused", memoShared.stats.deflateReused.sum(), 1L);
        byte[] other = compressedFrame(json.replace("\"seq\":7", "\"seq\":9").getBytes(StandardCharsets.UTF_8));
        memoLoop.consume(d, other, 0, other.length, 0);
        check("memo: a different message is inflated", d.lastSeq + "/" + memoShared.stats.deflateReused.sum(), "9/1");

        // cost of one message on the usual path (whole frame in the read buffer, shared inflater, no memo)
        c = open(loop, true, true);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        for (int i = 0; i < 200_000; i++) {
            loop.consume(c, frame, 0, frame.length, 0);
        }
        int n = 500_000;
        long bytes0 = threads.getThreadAllocatedBytes(tid);
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            loop.consume(c, frame, 0, frame.length, 0);
        }
        long ns = System.nanoTime() - t0;
        long allocated = threads.getThreadAllocatedBytes(tid) - bytes0;
        System.out.printf(Locale.ROOT, "info: a %d-byte chat message compressed to %d: parse + inflate %.2f us,"
                + " %.2f bytes allocated per message%n", json.length(), frame.length - (frame[1] == 126 ? 4 : 2), ns / 1e3 / n, (double) allocated / n);
        check("no allocation per message", allocated / n < 8, true);
        // the same message plain, for comparison
        byte[] plainJson = plainFrame16(json.getBytes(StandardCharsets.UTF_8));
        c = open(loop, true, true);
        for (int i = 0; i < 200_000; i++) {
            loop.consume(c, plainJson, 0, plainJson.length, 0);
        }
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            loop.consume(c, plainJson, 0, plainJson.length, 0);
        }
        System.out.printf(Locale.ROOT, "info: the same message plain: parse %.2f us%n", (System.nanoTime() - t0) / 1e3 / n);
        c = open(memoLoop, true, true);
        for (int i = 0; i < 200_000; i++) {
            memoLoop.consume(c, frame, 0, frame.length, 0);
        }
        bytes0 = threads.getThreadAllocatedBytes(tid);
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            memoLoop.consume(c, frame, 0, frame.length, 0);
        }
        ns = System.nanoTime() - t0;
        allocated = threads.getThreadAllocatedBytes(tid) - bytes0;
        System.out.printf(Locale.ROOT, "info: the compressed message again with --inflate-memo (a hit): %.2f us,"
                + " %.2f bytes allocated per message%n", ns / 1e3 / n, (double) allocated / n);

        System.out.println(failures == 0 ? "self-check: all passed" : "self-check: " + failures + " FAILED");
        return failures == 0;
    }

    /** A connection in the handshake that receives this 101 (and {@code then} right after it). */
    private static Conn handshake(IoLoop loop, String extensions, byte[] then) {
        Conn c = new Conn(0, null, false, false, loop, null);
        c.state = Conn.State.HANDSHAKING;
        c.wsKey = Frames.newKey();
        c.hs = new byte[1024];
        String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + Frames.acceptFor(c.wsKey) + "\r\nSec-WebSocket-Protocol: roomwire.v1\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = java.util.Arrays.copyOf(h, h.length + then.length);
        System.arraycopy(then, 0, all, h.length, then.length);
        loop.consume(c, all, 0, all.length, 0);
        return c;
    }

    private static Conn open(IoLoop loop, boolean deflate, boolean serverNoContext) {
        Conn c = new Conn(0, null, false, false, loop, null);
        c.state = Conn.State.OPEN;
        c.deflate = deflate;
        c.serverNoContext = serverNoContext;
        return c;
    }

    private static String head(Conn c) {
        return new String(c.head, 0, c.headLen, StandardCharsets.UTF_8);
    }

    /** What RoomWire's shared mode sends: raw DEFLATE, sync flush, 00 00 FF FF removed, RSV1 (§7.2.1). */
    private static byte[] compressedFrame(byte[] payload) {
        Deflater d = new Deflater(6, true);
        d.setInput(payload);
        byte[] buf = new byte[payload.length + 64];
        int len = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        len -= 4; // the trailing 00 00 FF FF
        int h = len < 126 ? 2 : 4;
        byte[] f = new byte[h + len];
        f[0] = (byte) 0xC1;
        if (h == 2) {
            f[1] = (byte) len;
        } else {
            f[1] = 126;
            f[2] = (byte) (len >>> 8);
            f[3] = (byte) len;
        }
        System.arraycopy(buf, 0, f, h, len);
        return f;
    }

    private static byte[] plainFrame(String text) {
        byte[] p = text.getBytes(StandardCharsets.UTF_8);
        byte[] f = new byte[2 + p.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) p.length;
        System.arraycopy(p, 0, f, 2, p.length);
        return f;
    }

    private static byte[] plainFrame16(byte[] p) {
        byte[] f = new byte[4 + p.length];
        f[0] = (byte) 0x81;
        f[1] = 126;
        f[2] = (byte) (p.length >>> 8);
        f[3] = (byte) p.length;
        System.arraycopy(p, 0, f, 4, p.length);
        return f;
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    private static void refused(String answer) {
        try {
            Deflate.serverNoContextTakeover(answer);
            check("answer refused: " + answer, "accepted", "refused");
        } catch (IllegalArgumentException e) {
            check("answer refused: " + answer, "refused", "refused");
        }
    }

    private static void check(String what, Object actual, Object expected) {
        boolean ok = java.util.Objects.equals(actual, expected);
        if (!ok) {
            failures++;
        }
        System.out.println((ok ? "ok:   " : "FAIL: ") + what + (ok ? "" : " (got " + actual + ", expected " + expected + ")"));
    }
}
