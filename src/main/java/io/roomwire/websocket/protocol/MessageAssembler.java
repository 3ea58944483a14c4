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
 * <p>Not thread-safe: owned by the one thread that reads the connection at a time. Holds no buffer
 * between messages, so an idle connection costs only a few fields.
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

    /** TEXT or BINARY while a message is being received, else NONE. */
    private int messageOpcode = NONE;
    private boolean frameIsText;
    private long messageSize;
    private int messageFrames;
    private byte[] fragments;
    private int fragmentsLength;

    public MessageAssembler(FrameParser parser, long maxMessageSize) {
        this(parser, maxMessageSize, Integer.MAX_VALUE);
    }

    /** @param maxFragments frames one data message may span; the next continuation is 1008 */
    public MessageAssembler(FrameParser parser, long maxMessageSize, int maxFragments) {
        this.parser = parser;
        this.maxMessageSize = maxMessageSize;
        this.maxFragments = maxFragments;
        parser.setObserver(this);
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
    public void onHeader(boolean fin, int opcode, long payloadLength) throws ProtocolException {
        if (Opcode.isControl(opcode)) {
            return;
        }
        if (opcode == Opcode.CONTINUATION) {
            if (messageOpcode == NONE) {
                // §5.4: a continuation frame only continues a message begun with FIN clear.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Continuation frame with no message to continue");
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
            messageOpcode = opcode;
            messageSize = 0;
            messageFrames = 1;
            utf8.reset();
        }
        if (messageSize + payloadLength > maxMessageSize) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Message exceeds the limit of " + maxMessageSize + " bytes");
        }
        frameIsText = messageOpcode == Opcode.TEXT;
    }

    @Override
    public void onPayload(int opcode, byte[] payload, int from, int to) throws ProtocolException {
        if (frameIsText && !Opcode.isControl(opcode) && !utf8.update(payload, from, to)) {
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
            append(payload);
            return;
        }
        int opcode = messageOpcode;
        messageOpcode = NONE;
        if (opcode == Opcode.TEXT && !utf8.isComplete()) {
            throw new ProtocolException(CloseCodes.INVALID_PAYLOAD, "Text message ends inside a UTF-8 sequence");
        }
        byte[] message;
        if (fragments == null) {
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
        return "MessageAssembler[" + (messageOpcode == NONE ? "idle" : Opcode.name(messageOpcode) + ", " + messageSize + " bytes")
                + ", " + parser + "]";
    }
}
