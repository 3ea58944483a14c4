package io.roomwire.bench.loadgen;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One selector thread owning a fixed share of the connections: dials, runs the opening handshake,
 * parses server frames incrementally, answers pings, joins, and sends its publishers' messages on the
 * open-loop schedule of the current {@link Step}.
 */
final class IoLoop implements Runnable {

    private static final byte[] TYPE = Frames.ascii("{\"type\":\"");
    private static final byte[] T_MESSAGE = Frames.ascii("message\"");
    private static final byte[] T_ACK = Frames.ascii("ack\"");
    private static final byte[] T_HELLO = Frames.ascii("hello\"");
    private static final byte[] T_JOINED = Frames.ascii("joined\"");
    private static final byte[] T_ERROR = Frames.ascii("error\"");
    private static final byte[] SEQ = Frames.ascii("\"seq\":");
    private static final byte[] TEXT_T = Frames.ascii("\"text\":\"t=");
    private static final byte[] SESSION = Frames.ascii("\"session\":\"");
    private static final byte[] CODE = Frames.ascii("\"code\":\"");
    private static final byte[] JOIN_REF = Frames.ascii("\"ref\":\"j\"");
    private static final byte[] CRLFCRLF = Frames.ascii("\r\n\r\n");
    private static final int MAX_SENDS_PER_TURN = 256;
    private static final long DEADLINE_TICK = 50_000_000L;

    final int index;
    private final Shared shared;
    private final Stats stats;
    private final Options options;
    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final byte[] readArray = new byte[64 * 1024];
    private final ByteBuffer readBuf = ByteBuffer.wrap(readArray);
    private final ByteBuffer[] gather = new ByteBuffer[64];
    private final byte[] scratch;
    private final byte[] pad;
    /** permessage-deflate: this loop's inflating state (see {@link Deflate}). */
    private final Deflate deflate;
    /** Every connection of this loop, in id order; filled before the thread starts. */
    final List<Conn> conns = new ArrayList<>();
    private final List<Conn> pending = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    /** When the {@link Waker} should wake this loop's selector ({@link Waker#NONE}: not needed). */
    final java.util.concurrent.atomic.AtomicLong wakeAt = new java.util.concurrent.atomic.AtomicLong(Waker.NONE);
    private Waker waker;
    private long nextDeadlineCheck;

    // publishing state of the current step
    private Step pubStep;
    private Conn[] pubConns;
    private int[] pubIndex;
    private int pubPtr;
    private long pubRound;
    private byte[][] roomPrefix;

    IoLoop(int index, Shared shared) throws IOException {
        this.index = index;
        this.shared = shared;
        this.stats = shared.stats;
        this.options = shared.options;
        this.selector = Selector.open();
        this.scratch = new byte[options.messageBytes + 200];
        this.pad = new byte[options.messageBytes];
        java.util.Arrays.fill(pad, (byte) 'x');
        this.deflate = new Deflate(stats, options.inflateMemo);
        this.thread = new Thread(this, "io-" + index);
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void useWaker(Waker w) {
        this.waker = w;
    }

    void wakeSelector() {
        selector.wakeup();
    }

    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Completes once this loop has run every task submitted before it. */
    CompletableFuture<Void> barrier() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        execute(() -> f.complete(null));
        return f;
    }

    void stop() throws InterruptedException {
        running = false;
        selector.wakeup();
        thread.join(5000);
    }

    @Override
    public void run() {
        try {
            while (running) {
                Runnable t;
                while ((t = tasks.poll()) != null) {
                    t.run();
                }
                long now = System.nanoTime();
                long wait = publishDue(now);
                if (now - nextDeadlineCheck >= 0) {
                    checkDeadlines(now);
                    nextDeadlineCheck = now + DEADLINE_TICK;
                }
                wait = Math.min(wait, nextDeadlineCheck - now);
                long spin = options.spinMicros * 1000L;
                if (wait <= spin || !tasks.isEmpty()) {
                    selector.selectNow();
                } else if (waker != null) {
                    // select() only takes whole milliseconds: the waker wakes us at the due time exactly
                    wakeAt.set(now + wait - spin);
                    java.util.concurrent.locks.LockSupport.unpark(waker);
                    selector.select((wait - spin) / 1_000_000 + 2);
                    wakeAt.set(Waker.NONE);
                } else {
                    selector.select(Math.max(1, (wait - spin + 999_999) / 1_000_000));
                }
                Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                while (it.hasNext()) {
                    SelectionKey k = it.next();
                    it.remove();
                    handle(k);
                }
            }
        } catch (Throwable e) {
            System.err.println("io-" + index + " died: " + e);
            e.printStackTrace();
        } finally {
            for (Conn c : conns) {
                closeQuietly(c);
            }
            try {
                selector.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    private void handle(SelectionKey k) {
        Conn c = (Conn) k.attachment();
        if (!k.isValid()) {
            return;
        }
        try {
            int ops = k.readyOps();
            if ((ops & SelectionKey.OP_CONNECT) != 0) {
                finishConnect(c);
            }
            if (c.state != Conn.State.CLOSED && (ops & SelectionKey.OP_WRITE) != 0) {
                flush(c);
            }
            if (c.state != Conn.State.CLOSED && (ops & SelectionKey.OP_READ) != 0) {
                read(c);
            }
        } catch (IOException | RuntimeException e) {
            lost(c, e);
        }
    }

    // ---------------------------------------------------------------- dialing and handshake

    /** Runs on this loop: open a TCP connection for {@code c}; the caller holds one dial slot for it. */
    void dial(Conn c, Stats.ConnectPhase phase) {
        c.phase = phase;
        c.slotHeld = true;
        c.dialStart = System.nanoTime();
        c.deadline = c.dialStart + (long) (options.connectTimeoutS * 1e9);
        pending.add(c);
        try {
            SocketChannel ch = SocketChannel.open();
            c.channel = ch;
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            if (c.slow) {
                ch.setOption(StandardSocketOptions.SO_RCVBUF, options.slowReceiveBuffer);
            }
            if (shared.sources.length > 0) {
                try {
                    ch.bind(new InetSocketAddress(shared.sources[c.id % shared.sources.length], 0));
                } catch (IOException e) {
                    failConnect(c, "bind: " + reason(e));
                    return;
                }
            }
            c.state = Conn.State.CONNECTING;
            if (ch.connect(c.endpoint.remote())) {
                c.key = ch.register(selector, 0, c);
                sendHandshake(c);
            } else {
                c.key = ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) {
            failConnect(c, "connect: " + reason(e));
        }
    }

    private void finishConnect(Conn c) throws IOException {
        try {
            if (!c.channel.finishConnect()) {
                return;
            }
        } catch (IOException e) {
            failConnect(c, "connect: " + reason(e));
            return;
        }
        sendHandshake(c);
    }

    private void sendHandshake(Conn c) throws IOException {
        c.state = Conn.State.HANDSHAKING;
        c.wsKey = Frames.newKey();
        StringBuilder req = new StringBuilder(256);
        req.append("GET ").append(c.endpoint.target()).append("name=").append(options.namePrefix).append(c.id);
        if (c.session != null) {
            req.append("&session=").append(URLEncoder.encode(c.session, StandardCharsets.UTF_8));
        }
        req.append(" HTTP/1.1\r\nHost: ").append(c.endpoint.hostHeader())
                .append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(c.wsKey)
                .append("\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: roomwire.v1");
        if (options.deflate) {
            req.append("\r\nSec-WebSocket-Extensions: ").append(Deflate.OFFER);
        }
        req.append("\r\nUser-Agent: roomwire-loadgen\r\n\r\n");
        c.hs = new byte[1024];
        c.hsLen = 0;
        updateInterest(c);
        send(c, ByteBuffer.wrap(Frames.ascii(req.toString())));
    }

    /** Consumes handshake response bytes; returns the offset where WebSocket frames start, or -1. */
    private int consumeHandshake(Conn c, byte[] a, int off, int end) {
        int prev = c.hsLen;
        int n = end - off;
        if (c.hsLen + n > c.hs.length) {
            if (c.hsLen + n > 16 * 1024) {
                failConnect(c, "handshake: response header too large");
                return -1;
            }
            c.hs = java.util.Arrays.copyOf(c.hs, Math.max(c.hs.length * 2, c.hsLen + n));
        }
        System.arraycopy(a, off, c.hs, c.hsLen, n);
        c.hsLen += n;
        int headerEnd = Frames.after(c.hs, Math.max(0, prev - 3), c.hsLen, CRLFCRLF);
        if (headerEnd < 0) {
            return -1;
        }
        String head = new String(c.hs, 0, headerEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/1.1") || !status[1].equals("101")) {
            failConnect(c, "http " + (status.length > 1 ? status[1] : lines[0]));
            return -1;
        }
        String accept = null;
        String protocol = null;
        String upgrade = null;
        String extensions = null;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "sec-websocket-accept" -> accept = value;
                case "sec-websocket-protocol" -> protocol = value;
                case "upgrade" -> upgrade = value;
                case "sec-websocket-extensions" -> extensions = extensions == null ? value : extensions + "," + value;
                default -> {
                }
            }
        }
        if (upgrade == null || !upgrade.equalsIgnoreCase("websocket")) {
            failConnect(c, "handshake: no Upgrade: websocket");
            return -1;
        }
        if (!Frames.acceptFor(c.wsKey).equals(accept)) {
            failConnect(c, "handshake: bad Sec-WebSocket-Accept");
            return -1;
        }
        if (!"roomwire.v1".equals(protocol)) {
            failConnect(c, "handshake: subprotocol " + protocol);
            return -1;
        }
        Boolean serverNoContext;
        try {
            serverNoContext = Deflate.serverNoContextTakeover(extensions);
        } catch (IllegalArgumentException e) {
            failConnect(c, "handshake: Sec-WebSocket-Extensions " + e.getMessage());
            return -1;
        }
        if (serverNoContext != null && !options.deflate) {
            failConnect(c, "handshake: extension not offered: " + extensions);
            return -1;
        }
        c.deflate = serverNoContext != null;
        c.serverNoContext = c.deflate && serverNoContext;
        if (c.deflate) {
            stats.deflateAgreed.incrementAndGet();
            if (!c.serverNoContext) {
                stats.deflateContextTakeover.incrementAndGet();
            }
        } else if (options.deflate) {
            stats.deflateDeclined.incrementAndGet();
        }
        c.state = Conn.State.OPEN;
        c.hs = null;
        int consumedHere = headerEnd - prev;
        return off + consumedHere;
    }

    private void failConnect(Conn c, String why) {
        Stats.count(stats.connectFailures, why);
        stats.failed.incrementAndGet();
        releaseSlot(c);
        c.expectClose = true;
        closeQuietly(c);
    }

    private void releaseSlot(Conn c) {
        if (c.slotHeld) {
            c.slotHeld = false;
            shared.dialSlots.release();
        }
    }

    private void checkDeadlines(long now) {
        for (int i = pending.size() - 1; i >= 0; i--) {
            Conn c = pending.get(i);
            if (!c.slotHeld) {
                pending.remove(i);
            } else if (now - c.deadline > 0) {
                pending.remove(i);
                failConnect(c, "timeout in " + c.state.name().toLowerCase(Locale.ROOT));
            }
        }
    }

    // ---------------------------------------------------------------- reading and parsing

    private void read(Conn c) throws IOException {
        for (int i = 0; i < 4; i++) {
            readBuf.clear();
            int r = c.channel.read(readBuf);
            if (r < 0) {
                eof(c);
                return;
            }
            if (r == 0) {
                return;
            }
            consume(c, readArray, 0, r, System.nanoTime());
            if (c.state == Conn.State.CLOSED || c.slow && c.joined && !shared.slowResumed || r < readArray.length) {
                return;
            }
        }
    }

    /** Bytes from the socket: handshake response, then frames. Package-private for {@link SelfCheck}. */
    void consume(Conn c, byte[] a, int off, int end, long now) {
        if (c.state == Conn.State.HANDSHAKING) {
            off = consumeHandshake(c, a, off, end);
            if (off < 0) {
                return;
            }
        }
        while (off < end && c.state != Conn.State.CLOSED) {
            if (!c.inPayload) {
                while (c.hdrLen < c.hdrNeed && off < end) {
                    c.hdr[c.hdrLen++] = a[off++];
                    if (c.hdrLen == 2) {
                        int b1 = c.hdr[1] & 0xFF;
                        if ((b1 & 0x80) != 0) {
                            protocolError(c, "masked server frame");
                            return;
                        }
                        int len7 = b1 & 0x7F;
                        c.hdrNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0);
                    }
                }
                if (c.hdrLen < c.hdrNeed) {
                    return;
                }
                int b0 = c.hdr[0] & 0xFF;
                int len7 = c.hdr[1] & 0x7F;
                long len;
                if (len7 < 126) {
                    len = len7;
                } else if (len7 == 126) {
                    len = ((c.hdr[2] & 0xFF) << 8) | (c.hdr[3] & 0xFF);
                } else {
                    len = 0;
                    for (int i = 2; i < 10; i++) {
                        len = (len << 8) | (c.hdr[i] & 0xFF);
                    }
                }
                c.hdrLen = 0;
                c.hdrNeed = 2;
                c.frameFin = (b0 & 0x80) != 0;
                c.frameOpcode = b0 & 0x0F;
                c.payloadLeft = len;
                c.inPayload = true;
                int rsv = b0 & 0x70;
                if (rsv != 0 && !(rsv == 0x40 && c.deflate && c.frameOpcode >= 1 && c.frameOpcode <= 2)) {
                    // RSV1 only with permessage-deflate, and only on a message's first frame (RFC 7692 §6)
                    protocolError(c, rsv == 0x40 && !c.deflate ? "RSV1 without permessage-deflate" : "RSV bits " + rsv);
                    return;
                }
                if (c.frameOpcode >= 8) {
                    c.ctrlLen = 0;
                } else if (c.frameOpcode != Frames.OP_CONT) {
                    c.msgOpcode = c.frameOpcode;
                    c.headLen = 0;
                    c.msgLen = 0;
                    c.compressed = rsv != 0;
                    c.zLen = 0;
                    c.inflated = false;
                }
                if (len == 0) {
                    frameDone(c, now);
                    continue;
                }
            }
            int n = (int) Math.min(c.payloadLeft, end - off);
            if (c.frameOpcode >= 8) {
                int cp = Math.min(n, c.ctrl.length - c.ctrlLen);
                System.arraycopy(a, off, c.ctrl, c.ctrlLen, cp);
                c.ctrlLen += cp;
            } else if (c.compressed) {
                try {
                    deflate.payload(c, a, off, n);
                } catch (java.util.zip.DataFormatException e) {
                    protocolError(c, "bad DEFLATE data");
                    return;
                }
            } else {
                int cp = Math.min(n, Conn.HEAD - c.headLen);
                if (cp > 0) {
                    System.arraycopy(a, off, c.head, c.headLen, cp);
                    c.headLen += cp;
                }
                c.msgLen += n;
            }
            off += n;
            c.payloadLeft -= n;
            if (c.payloadLeft == 0) {
                frameDone(c, now);
            }
        }
    }

    private void frameDone(Conn c, long now) {
        c.inPayload = false;
        switch (c.frameOpcode) {
            case Frames.OP_PING -> {
                stats.pings.increment();
                send(c, Frames.masked(Frames.OP_PONG, c.ctrl, c.ctrlLen));
            }
            case Frames.OP_PONG -> {
            }
            case Frames.OP_CLOSE -> {
                int code = c.ctrlLen >= 2 ? ((c.ctrl[0] & 0xFF) << 8) | (c.ctrl[1] & 0xFF) : 1005;
                Stats.count(stats.closeCodes, Integer.toString(code));
                if (c.slow) {
                    Stats.count(stats.slowCloses, Integer.toString(code));
                }
                if (!c.expectClose && !shared.stopping && !c.slow) {
                    stats.unexpectedCloses.increment();
                }
                c.expectClose = true;
                leaveRoom(c);
                if (!c.closeSent) {
                    c.closeSent = true;
                    send(c, Frames.close(code == 1005 ? 1000 : code));
                }
            }
            default -> {
                if (c.frameFin) {
                    if (c.compressed) {
                        try {
                            deflate.finish(c);
                        } catch (java.util.zip.DataFormatException e) {
                            protocolError(c, "bad DEFLATE data");
                            return;
                        }
                    } else if (c.deflate) {
                        stats.deflatePlainMessages.increment();
                    }
                    onMessage(c, now);
                }
            }
        }
    }

    private void onMessage(Conn c, long now) {
        byte[] h = c.head;
        int end = c.headLen;
        if (c.msgOpcode != Frames.OP_TEXT || !Frames.matchAt(h, 0, end, TYPE)) {
            stats.otherFrames.increment();
            return;
        }
        int t = TYPE.length;
        if (Frames.matchAt(h, t, end, T_MESSAGE)) {
            int s = Frames.after(h, t, end, SEQ);
            long seq = s < 0 ? -1 : Frames.digits(h, s, end);
            if (seq > 0) {
                if (c.lastSeq > 0 && seq != c.lastSeq + 1) {
                    stats.seqGaps.increment();
                }
                c.lastSeq = seq;
            }
            int p = Frames.after(h, t, end, TEXT_T);
            long rel = p < 0 ? -1 : Frames.digits(h, p, end);
            Step step = shared.step;
            if (rel < 0 || step == null) {
                stats.strayMessages.increment();
                return;
            }
            long intended = shared.base + rel;
            if (step.measured(intended)) {
                step.received.increment();
                step.latency[index].recordValue(Math.max(0, (now - intended) / 1000));
            } else if (intended < step.t0 || intended >= step.end) {
                stats.strayMessages.increment();
            }
        } else if (Frames.matchAt(h, t, end, T_ACK)) {
            stats.acks.increment();
        } else if (Frames.matchAt(h, t, end, T_HELLO)) {
            int s = Frames.after(h, t, end, SESSION);
            if (s > 0) {
                c.session = Frames.stringAt(h, s, end);
            }
            onReady(c, now);
        } else if (Frames.matchAt(h, t, end, T_JOINED)) {
            int s = Frames.after(h, t, end, SEQ);
            long seq = s < 0 ? 0 : Frames.digits(h, s, end);
            if (seq >= 0) {
                c.lastSeq = seq;
            }
            if (!c.joined) {
                c.joined = true;
                stats.joined.incrementAndGet();
                if (c.slow) {
                    updateInterest(c);
                } else {
                    c.live = true;
                    c.room.live.incrementAndGet();
                }
            }
        } else if (Frames.matchAt(h, t, end, T_ERROR)) {
            int s = Frames.after(h, t, end, CODE);
            String code = s < 0 ? "?" : Frames.stringAt(h, s, end);
            Stats.count(stats.errors, code);
            if (!c.joined && Frames.after(h, t, end, JOIN_REF) > 0) {
                stats.joinFailed.incrementAndGet();
            }
        } else {
            stats.otherFrames.increment();
        }
    }

    private void onReady(Conn c, long now) {
        if (!c.slotHeld) {
            return;
        }
        c.phase.connectTime[index].recordValue(Math.max(0, (now - c.dialStart) / 1000));
        stats.ready.incrementAndGet();
        stats.open.incrementAndGet();
        stats.lastReadyAt.accumulateAndGet(now, Math::max);
        releaseSlot(c);
        if (c.room != null) {
            String since = c.rejoin ? ",\"since\":" + c.lastSeq : "";
            send(c, Frames.maskedText("{\"type\":\"join\",\"room\":\"" + c.room.name + "\"" + since + ",\"ref\":\"j\"}"));
        }
    }

    private void protocolError(Conn c, String why) {
        Stats.count(stats.closeCodes, "client:" + why);
        c.expectClose = !shared.stopping;
        stats.unexpectedCloses.increment();
        closeQuietly(c);
    }

    private void eof(Conn c) {
        if (c.slotHeld) {
            failConnect(c, "eof in " + c.state.name().toLowerCase(Locale.ROOT));
            return;
        }
        if (c.slow && !c.expectClose) {
            Stats.count(stats.slowCloses, "eof");
            c.expectClose = true;
        }
        if (!c.expectClose && !shared.stopping) {
            stats.unexpectedCloses.increment();
            Stats.count(stats.closeCodes, "eof");
        }
        closeQuietly(c);
    }

    private void lost(Conn c, Exception e) {
        if (c.slotHeld) {
            failConnect(c, "io: " + reason(e));
            return;
        }
        if (c.slow && !c.expectClose) {
            Stats.count(stats.slowCloses, reason(e));
            c.expectClose = true;
        }
        if (!c.expectClose && !shared.stopping) {
            stats.unexpectedCloses.increment();
            Stats.count(stats.closeCodes, "io: " + reason(e));
        }
        closeQuietly(c);
    }

    private void leaveRoom(Conn c) {
        if (c.live) {
            c.live = false;
            c.room.live.decrementAndGet();
        }
    }

    private void closeQuietly(Conn c) {
        if (c.state == Conn.State.CLOSED) {
            return;
        }
        boolean wasOpen = c.state == Conn.State.OPEN && !c.slotHeld && c.channel != null;
        c.state = Conn.State.CLOSED;
        leaveRoom(c);
        if (wasOpen) {
            stats.open.decrementAndGet();
        }
        if (c.key != null) {
            c.key.cancel();
        }
        if (c.channel != null) {
            try {
                c.channel.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
        c.out.clear();
        c.queued = 0;
        Deflate.release(c);
    }

    // ---------------------------------------------------------------- writing

    private void send(Conn c, ByteBuffer b) {
        if (c.state == Conn.State.CLOSED || c.channel == null) {
            return;
        }
        if (c.out.isEmpty()) {
            try {
                c.channel.write(b);
            } catch (IOException e) {
                lost(c, e);
                return;
            }
            if (!b.hasRemaining()) {
                return;
            }
            c.out.add(b);
            c.queued += b.remaining();
            updateInterest(c);
        } else {
            c.out.add(b);
            c.queued += b.remaining();
        }
    }

    private void flush(Conn c) throws IOException {
        while (!c.out.isEmpty()) {
            int n = 0;
            for (ByteBuffer b : c.out) {
                gather[n++] = b;
                if (n == gather.length) {
                    break;
                }
            }
            long w = c.channel.write(gather, 0, n);
            c.queued -= w;
            while (!c.out.isEmpty() && !c.out.peekFirst().hasRemaining()) {
                c.out.pollFirst();
            }
            java.util.Arrays.fill(gather, 0, n, null);
            if (w == 0 || !c.out.isEmpty() && c.out.peekFirst().hasRemaining()) {
                break;
            }
        }
        updateInterest(c);
    }

    private void updateInterest(Conn c) {
        if (c.key == null || !c.key.isValid()) {
            return;
        }
        int ops;
        if (c.state == Conn.State.CONNECTING) {
            ops = SelectionKey.OP_CONNECT;
        } else {
            boolean reading = !(c.slow && c.joined && !shared.slowResumed);
            ops = (reading ? SelectionKey.OP_READ : 0) | (c.out.isEmpty() ? 0 : SelectionKey.OP_WRITE);
        }
        if (c.key.interestOps() != ops) {
            c.key.interestOps(ops);
        }
    }

    // ---------------------------------------------------------------- publishing

    /** Runs on this loop: publish for {@code step} with these connections ({@code globalIndex} ascending). */
    void startPublishing(Step step, Conn[] publishers, int[] globalIndex) {
        if (publishers.length == 0) {
            step.loopsDone.countDown();
            return;
        }
        if (roomPrefix == null) {
            roomPrefix = new byte[options.rooms][];
        }
        for (Conn c : publishers) {
            if (roomPrefix[c.room.index] == null) {
                roomPrefix[c.room.index] = Frames.ascii("{\"type\":\"send\",\"room\":\"" + c.room.name + "\",\"text\":\"t=");
            }
        }
        pubStep = step;
        pubConns = publishers;
        pubIndex = globalIndex;
        pubPtr = 0;
        pubRound = 0;
    }

    /** Sends what is due; returns nanoseconds until the next send (Long.MAX_VALUE when idle). */
    private long publishDue(long now) {
        Step step = pubStep;
        if (step == null) {
            return Long.MAX_VALUE;
        }
        for (int sentNow = 0; ; sentNow++) {
            long g = pubRound * step.publishers + pubIndex[pubPtr];
            long due = step.t0 + (long) (g * step.nsPerMessage);
            if (due - step.end >= 0) {
                pubStep = null;
                pubConns = null;
                step.loopsDone.countDown();
                return Long.MAX_VALUE;
            }
            if (due - now > 0) {
                return due - now;
            }
            if (sentNow >= MAX_SENDS_PER_TURN) {
                return 0;
            }
            publish(pubConns[pubPtr], step, due, now);
            if (++pubPtr == pubConns.length) {
                pubPtr = 0;
                pubRound++;
            }
            now = System.nanoTime();
        }
    }

    private void publish(Conn c, Step step, long intended, long now) {
        boolean measured = intended - step.measureStart >= 0;
        if (c.state != Conn.State.OPEN || !c.joined || c.queued > options.maxClientQueueBytes) {
            step.skipped.increment();
            return;
        }
        byte[] prefix = roomPrefix[c.room.index];
        byte[] b = scratch;
        System.arraycopy(prefix, 0, b, 0, prefix.length);
        int p = prefix.length;
        String rel = Long.toString(intended - shared.base);
        for (int i = 0; i < rel.length(); i++) {
            b[p++] = (byte) rel.charAt(i);
        }
        b[p++] = ';';
        int padLen = options.messageBytes - 3 - rel.length();
        if (padLen > 0) {
            System.arraycopy(pad, 0, b, p, padLen);
            p += padLen;
        }
        b[p++] = '"';
        b[p++] = '}';
        if (measured) {
            step.sent.increment();
            step.expected.add(c.room.live.get());
            step.sendLag[index].recordValue(Math.max(0, (now - intended) / 1000));
        } else {
            step.sentWarmup.increment();
        }
        send(c, Frames.masked(Frames.OP_TEXT, b, p));
    }

    // ---------------------------------------------------------------- whole-loop operations

    /** Runs on this loop: drop every connection at once without a close handshake (storm). */
    void dropAll() {
        for (Conn c : conns) {
            c.expectClose = true;
            closeQuietly(c);
        }
    }

    /** Runs on this loop: send Close 1000 to every open connection. */
    void closeAllGracefully() {
        for (Conn c : conns) {
            if (c.state == Conn.State.OPEN && !c.closeSent) {
                c.closeSent = true;
                c.expectClose = true;
                send(c, Frames.close(1000));
            }
        }
    }

    /** Runs on this loop: slow clients start reading again, to learn how the server treated them. */
    void resumeSlowClients() {
        for (Conn c : conns) {
            if (c.slow && c.state != Conn.State.CLOSED) {
                updateInterest(c);
            }
        }
    }

    /** Runs on this loop: how many slow clients are still connected. */
    int slowStillOpen() {
        int n = 0;
        for (Conn c : conns) {
            if (c.slow && c.state == Conn.State.OPEN && !c.expectClose) {
                n++;
            }
        }
        return n;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + (m.length() > 60 ? m.substring(0, 60) : m));
    }
}
