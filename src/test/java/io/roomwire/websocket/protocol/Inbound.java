package io.roomwire.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The receiving half of a connection with no socket (like Netty's {@code EmbeddedChannel}): bytes
 * go in through a {@link FrameParser} and {@link MessageAssembler}, a transcript of what the
 * application would see comes out. Stops at the first violation or Close, as the session does.
 */
final class Inbound implements MessageAssembler.Sink {

    static final long LIMIT = 1 << 20;

    /** What one run produced; equal transcripts mean the application saw the same thing. */
    record Transcript(List<String> events, String failureReason, boolean closed) {
    }

    private final FrameParser parser;
    private final MessageAssembler assembler;
    private final List<String> events = new ArrayList<>();
    private final List<String> texts = new ArrayList<>();
    private final List<byte[]> binaries = new ArrayList<>();
    private ProtocolException failure;
    private boolean closed;
    private long consumed;

    private Inbound(FrameParser parser, long maxMessageSize) {
        this(parser, maxMessageSize, null);
    }

    private Inbound(FrameParser parser, long maxMessageSize, MessageInflater inflater) {
        this.parser = parser;
        this.assembler = new MessageAssembler(parser, maxMessageSize, inflater);
    }

    /** A server's side of a connection that negotiated permessage-deflate (RFC 7692): RSV1 allowed. */
    static Inbound deflateServer(MessageInflater inflater, long maxMessageSize) {
        return new Inbound(new FrameParser(LIMIT, MessageDeflater.RSV1, true), maxMessageSize, inflater);
    }

    /** A server's side: client frames must be masked (§5.1). */
    static Inbound server() {
        return server(LIMIT, LIMIT);
    }

    static Inbound server(long maxFrameSize, long maxMessageSize) {
        return new Inbound(new FrameParser(maxFrameSize, 0, true), maxMessageSize);
    }

    /** A client's side of a permessage-deflate connection: reads what the server compressed. */
    static Inbound clientWithDeflate(MessageInflater inflater) {
        return new Inbound(new FrameParser(LIMIT, MessageDeflater.RSV1, false), LIMIT, inflater);
    }

    /** A client's side: server frames must not be masked (§5.1). */
    static Inbound client() {
        return new Inbound(new FrameParser(LIMIT, 0, false), LIMIT);
    }

    /** Feeds the bytes split as {@code feed} says; may be called again to send more later. */
    Inbound feed(Feed feed, byte[] input) {
        for (ByteBuffer chunk : feed.chunks(input)) {
            if (failure != null || closed) {
                break;
            }
            int before = chunk.position();
            try {
                closed = assembler.feed(chunk, this);
            } catch (ProtocolException e) {
                failure = e;
                events.add("fail: " + e.closeCode());
            }
            consumed += chunk.position() - before;
        }
        return this;
    }

    @Override
    public void onText(String text) {
        texts.add(text);
        events.add("text: " + (text.length() <= 64 ? text : text.length() + " chars"));
    }

    @Override
    public void onBinary(byte[] data) {
        binaries.add(data);
        events.add("binary: " + Bytes.describe(data));
    }

    @Override
    public void onPing(byte[] payload) {
        events.add("ping: " + Bytes.describe(payload));
    }

    @Override
    public void onPong(byte[] payload) {
        events.add("pong: " + Bytes.describe(payload));
    }

    @Override
    public void onClose(int code, String reason) {
        events.add("close: " + code + " " + reason);
    }

    List<String> events() {
        return events;
    }

    List<String> texts() {
        return texts;
    }

    List<byte[]> binaries() {
        return binaries;
    }

    ProtocolException failure() {
        return failure;
    }

    boolean closed() {
        return closed;
    }

    /** How many of the bytes fed were read. */
    long consumed() {
        return consumed;
    }

    FrameParser parser() {
        return parser;
    }

    Transcript transcript() {
        return new Transcript(List.copyOf(events), failure == null ? null : failure.reason(), closed);
    }
}
