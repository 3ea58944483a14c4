package io.roomwire.websocket.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns parsed frames into messages (RFC 6455 §5.4, §5.5): reassembles fragments, enforces the
 * continuation rules and the message size limit before payload is read, validates text as UTF-8
 * while it streams in (§8.1, failing mid-frame), and decodes Close payloads (§5.5.1, §7.4).
 * Control frames may arrive between fragments and leave the message state untouched.
 *
 * <p>With permessage-deflate negotiated (RFC 7692 §6) a message whose first frame has RSV1 set is
 * inflated as it streams in by a {@link MessageInflater}: the size limit and the UTF-8 check apply
 * to the inflated bytes.
 *
 * <p>Not thread-safe: owned by the one thread that reads the connection at a time (only
 * {@link #release()} may come from another). Holds no buffer between messages, so an idle
 * connection costs only a few fields.
 */
public final class MessageAssembler implements FrameParser.Observer {

    /** Receives complete messages and control frames, in arrival order. */
    public interface Sink {
        void onText(String text);

        void onBinary(byte[] data);

        void onPing(byte[] payload);

        void onPong(byte[] payload);

        /** A Close frame; {@code code} is 1005 when the frame carried none (§7.1.5). */
        void onClose(int code, String reason);
    }

    private static final int NONE = -1;

    private final FrameParser parser;
    private final long maxMessageSize;
    private final int maxFragments;
    private final Utf8Validator utf8 = new Utf8Validator();
    private final MessageInflater inflater;

    /** TEXT or BINARY while a message is being received, else NONE. */
    private int messageOpcode = NONE;
    private boolean frameIsText;
    private boolean compressed;
    private long messageSize;
    private int messageFrames;
    private byte[] fragments;
    private int fragmentsLength;

    public MessageAssembler(FrameParser parser, long maxMessageSize) {
        this(parser, maxMessageSize, null, Integer.MAX_VALUE);
    }

    /** Without a fragment limit; {@code inflater} as below. */
    public MessageAssembler(FrameParser parser, long maxMessageSize, MessageInflater inflater) {
        this(parser, maxMessageSize, inflater, Integer.MAX_VALUE);
    }

    /** Without permessage-deflate; {@code maxFragments} as below. */
    public MessageAssembler(FrameParser parser, long maxMessageSize, int maxFragments) {
        this(parser, maxMessageSize, null, maxFragments);
    }

    /**
     * @param inflater     null unless permessage-deflate was negotiated; the parser must then allow RSV1
     * @param maxFragments frames one data message may span; the next continuation is 1008
     */
    public MessageAssembler(FrameParser parser, long maxMessageSize, MessageInflater inflater, int maxFragments) {
        this.parser = parser;
        this.maxMessageSize = maxMessageSize;
        this.inflater = inflater;
        this.maxFragments = maxFragments;
        parser.setObserver(this);
    }

    /** Frees the inflater's native memory; the connection is over. Any thread, idempotent. */
    public void release() {
        if (inflater != null) {
            inflater.close();
        }
    }

    /** Bytes held for a fragmented message (its buffer's capacity): at most the message limit. */
    int bufferedBytes() {
        return fragments == null ? 0 : fragments.length;
    }

    /** True between messages: no data message begun and no frame partly read. */
    public boolean isIdle() {
        return messageOpcode == NONE && parser.isIdle();
    }

    /**
     * Parses everything in {@code in} and delivers each message to {@code sink}. Stops right after a
     * Close frame: §5.5.1, nothing may follow it, so the rest of the input is left unread.
     *
     * @return true when a Close frame was delivered
     */
    public boolean feed(ByteBuffer in, Sink sink) throws ProtocolException {
        Frame frame;
        while ((frame = parser.parse(in)) != null) {
            if (deliver(frame, sink)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void onHeader(boolean fin, int rsv, int opcode, long payloadLength) throws ProtocolException {
        boolean rsv1 = (rsv & MessageDeflater.RSV1) != 0;
        if (Opcode.isControl(opcode)) {
            if (rsv1) {
                // RFC 7692 §6.1: control frames are never compressed; RSV1 on one is an error.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a control frame");
            }
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == NONE) {
                // §5.4: a continuation frame only continues a message begun with FIN clear.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Continuation frame with no message to continue");
            }
            if (rsv1) {
                // RFC 7692 §6.1: RSV1 marks the first frame of a compressed message only.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set on a continuation frame");
            }
            // §10.4 lets an endpoint limit what it accepts; empty continuations would otherwise be free forever.
            if (++messageFrames > maxFragments) {
                throw new ProtocolException(CloseCodes.POLICY_VIOLATION,
                        "Message spans more than " + maxFragments + " frames");
            }
        } else {
            if (messageOpcode != NONE) {
                // §5.4: fragments of one message are not interleaved with another data message.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR,
                        "New data frame while a fragmented message is incomplete");
            }
            if (rsv1 && inflater == null) {
                // RFC 7692 §6: RSV1 means compressed only where permessage-deflate was agreed.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV1 set without permessage-deflate");
            }
            messageOpcode = opcode;
            messageSize = 0;
            messageFrames = 1;
            utf8.reset();
            compressed = rsv1;
            if (compressed) {
                inflater.begin(maxMessageSize);
            }
        }
        frameIsText = messageOpcode == Opcode.TEXT;
        if (compressed) {
            return; // the limit applies to the inflated bytes, checked as they come out
        }
        if (messageSize + payloadLength > maxMessageSize) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Message exceeds the limit of " + maxMessageSize + " bytes");
        }
    }

    @Override
    public void onPayload(int opcode, byte[] payload, int from, int to) throws ProtocolException {
        if (compressed && !Opcode.isControl(opcode)) {
            checkInflated(inflater.inflate(payload, from, to));
            return;
        }
        if (frameIsText && !Opcode.isControl(opcode) && !utf8.update(payload, from, to)) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8 in text message");
        }
    }

    /** §8.1 on the inflated bytes: they are what the text message is. */
    private void checkInflated(int from) throws ProtocolException {
        if (frameIsText && !utf8.update(inflater.buffer(), from, inflater.length())) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Invalid UTF-8 in text message");
        }
    }

    private boolean deliver(Frame frame, Sink sink) throws ProtocolException {
        switch (frame.opcode()) {
            case Opcode.PING -> sink.onPing(frame.payload());
            case Opcode.PONG -> sink.onPong(frame.payload());
            case Opcode.CLOSE -> {
                deliverClose(frame.payload(), sink);
                return true;
            }
            default -> deliverData(frame, sink);
        }
        return false;
    }

    private void deliverData(Frame frame, Sink sink) throws ProtocolException {
        byte[] payload = frame.payload();
        messageSize += payload.length;
        if (!frame.fin()) {
            if (!compressed) {
                append(payload); // a compressed payload went to the inflater as it arrived
            }
            return;
        }
        if (compressed) {
            // RFC 7692 §7.2.2: the tail the sender removed goes back before the end of the message.
            checkInflated(inflater.finish());
        }
        int opcode = messageOpcode;
        messageOpcode = NONE;
        if (opcode == Opcode.TEXT && !utf8.isComplete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Text message ends inside a UTF-8 sequence");
        }
        byte[] message;
        if (compressed) {
            compressed = false;
            message = inflater.take();
        } else if (fragments == null) {
            message = payload;
        } else {
            append(payload);
            message = fragmentsLength == fragments.length ? fragments : Arrays.copyOf(fragments, fragmentsLength);
            fragments = null;
            fragmentsLength = 0;
        }
        if (opcode == Opcode.TEXT) {
            sink.onText(new String(message, StandardCharsets.UTF_8));
        } else {
            sink.onBinary(message);
        }
    }

    private void append(byte[] payload) {
        if (fragments == null) {
            fragments = new byte[Math.max(payload.length * 2, 256)];
        } else if (fragmentsLength + payload.length > fragments.length) {
            long grown = Math.max((long) fragments.length * 2, (long) fragmentsLength + payload.length);
            fragments = Arrays.copyOf(fragments, (int) Math.min(grown, Math.max(maxMessageSize, 256)));
        }
        System.arraycopy(payload, 0, fragments, fragmentsLength, payload.length);
        fragmentsLength += payload.length;
    }

    private static void deliverClose(byte[] payload, Sink sink) throws ProtocolException {
        if (payload.length == 0) {
            sink.onClose(CloseCodes.NO_STATUS, "");
            return;
        }
        if (payload.length == 1) {
            // §5.5.1: a body, if present, starts with a two-byte status code.
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Close frame with a 1-byte payload");
        }
        int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        if (!CloseCodes.isSendable(code)) {
            // §7.4: reserved and unassigned codes must not be sent, so receiving one is an error.
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Invalid close code " + code);
        }
        if (!Utf8Validator.isValid(payload, 2, payload.length)) {
            // §5.5.1: the reason is UTF-8 encoded data.
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Close reason is not valid UTF-8");
        }
        sink.onClose(code, new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "MessageAssembler[" + (messageOpcode == NONE ? "idle" : Opcode.name(messageOpcode) + ", " + messageSize + " bytes"
                + (compressed ? " compressed" : ""))
                + ", " + parser + "]";
    }
}
