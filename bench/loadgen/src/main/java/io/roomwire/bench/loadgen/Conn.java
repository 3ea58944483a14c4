package io.roomwire.bench.loadgen;

import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

/** One WebSocket connection's state. Touched only by the I/O loop that owns it (after dialing). */
final class Conn {

    enum State { NEW, CONNECTING, HANDSHAKING, OPEN, CLOSED }

    /** Bytes of each server message kept for inspection; the rest of a payload is counted and skipped. */
    static final int HEAD = 384;

    final int id;
    final Room room;
    final boolean publisher;
    final boolean slow;
    final IoLoop loop;
    final Endpoint endpoint;

    SocketChannel channel;
    SelectionKey key;
    State state = State.NEW;
    Stats.ConnectPhase phase;
    long dialStart;
    long deadline;
    String wsKey;
    /** From the last hello: a reconnect offers it back to resume the same user. */
    String session;
    boolean slotHeld;
    boolean joined;
    boolean live;
    boolean expectClose;
    boolean closeSent;
    long lastSeq;
    /** Set by the storm's reconnect: join with since=lastSeq. */
    boolean rejoin;

    // HTTP response of the opening handshake
    byte[] hs;
    int hsLen;

    // incremental frame parser
    final byte[] hdr = new byte[14];
    int hdrLen;
    int hdrNeed = 2;
    boolean inPayload;
    long payloadLeft;
    int frameOpcode;
    boolean frameFin;
    int msgOpcode;
    final byte[] head = new byte[HEAD];
    int headLen;
    long msgLen;
    final byte[] ctrl = new byte[125];
    int ctrlLen;

    // permessage-deflate (see Deflate)
    /** The 101 agreed permessage-deflate. */
    boolean deflate;
    /** ... with server_no_context_takeover: each message is inflated on its own. */
    boolean serverNoContext;
    /** The current message has RSV1 set. */
    boolean compressed;
    /** The current message was inflated in one go from the read buffer. */
    boolean inflated;
    /** Compressed bytes of the current message gathered across reads or frames (reused). */
    byte[] zbuf;
    int zLen;
    /** Context takeover only: this connection's inflater, kept between messages. */
    java.util.zip.Inflater inflater;

    // outbound
    final ArrayDeque<ByteBuffer> out = new ArrayDeque<>();
    long queued;

    Conn(int id, Room room, boolean publisher, boolean slow, IoLoop loop, Endpoint endpoint) {
        this.id = id;
        this.room = room;
        this.publisher = publisher;
        this.slow = slow;
        this.loop = loop;
        this.endpoint = endpoint;
    }

    /** Fresh protocol state for a new TCP connection of the same client (storm reconnect). */
    void resetForRedial() {
        channel = null;
        key = null;
        state = State.NEW;
        joined = false;
        live = false;
        expectClose = false;
        closeSent = false;
        slotHeld = false;
        hs = null;
        hsLen = 0;
        hdrLen = 0;
        hdrNeed = 2;
        inPayload = false;
        payloadLeft = 0;
        headLen = 0;
        msgLen = 0;
        ctrlLen = 0;
        deflate = false;
        serverNoContext = false;
        compressed = false;
        Deflate.release(this);
        out.clear();
        queued = 0;
    }
}
