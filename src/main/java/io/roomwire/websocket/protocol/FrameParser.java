package io.roomwire.websocket.protocol;

import java.nio.ByteBuffer;

/**
 * Incremental, resumable RFC 6455 §5.2 frame parser: bytes may arrive in any split, one at a time
 * or many frames at once. {@link #parse(ByteBuffer)} consumes what it can and returns a whole frame
 * or {@code null} when it needs more input. It checks structure only (header bits, lengths,
 * masking); message-level meaning (fragmentation rules, UTF-8, close payloads) belongs to an
 * {@link Observer}, which sees each header before its payload and each payload piece as it is
 * unmasked, so a message can be rejected mid-frame.
 *
 * <pre>
 *   HEADER --2 bytes--> EXTENDED --length and key--> PAYLOAD --complete--> HEADER
 *      \________________________\_______________________\--violation--> CORRUPT (terminal)
 * </pre>
 *
 * Not thread-safe: owned by the one thread that reads the connection at a time.
 */
public final class FrameParser {

    /** Sees frames as they are parsed; may veto them by throwing. */
    public interface Observer {
        /**
         * Called once the header is complete, before any payload byte is read; {@code rsv} carries
         * the RSV bits the constructor allowed (RSV1 = 4), for the extension that claims them.
         */
        void onHeader(boolean fin, int rsv, int opcode, long payloadLength) throws ProtocolException;

        /** Called with each unmasked piece {@code [from, to)} of the current frame's payload. */
        void onPayload(int opcode, byte[] payload, int from, int to) throws ProtocolException;
    }

    private static final Observer NONE = new Observer() {
        @Override
        public void onHeader(boolean fin, int rsv, int opcode, long payloadLength) {
        }

        @Override
        public void onPayload(int opcode, byte[] payload, int from, int to) {
        }
    };

    private static final byte[] EMPTY = new byte[0];

    /** The largest array the JVM reliably allocates; a payload is buffered in one. */
    private static final int MAX_PAYLOAD = Integer.MAX_VALUE - 8;

    private enum State { HEADER, EXTENDED, PAYLOAD, CORRUPT }

    private final long maxFrameSize;
    private final int allowedRsv;
    private final boolean expectMasked;
    private Observer observer = NONE;

    private State state = State.HEADER;
    private final byte[] header = new byte[14];
    private int headerFill;
    private int headerNeed;
    private boolean fin;
    private int rsv;
    private int opcode;
    private boolean masked;
    private final byte[] maskKey = new byte[4];
    private byte[] payload;
    private int payloadFill;

    /**
     * @param maxFrameSize  largest payload accepted, else 1009 (RFC 6455 §7.4.1)
     * @param allowedRsv    RSV bits a negotiated extension claims (RSV1 = 4); others fail with 1002
     * @param expectMasked  true on a server: §5.1 every client frame MUST be masked
     */
    public FrameParser(long maxFrameSize, int allowedRsv, boolean expectMasked) {
        // §7.4.1: a frame too big to buffer is 1009 whatever the limit, never an (int) cast that
        // truncates the length and desynchronises the framing.
        this.maxFrameSize = Math.min(maxFrameSize, MAX_PAYLOAD);
        this.allowedRsv = allowedRsv;
        this.expectMasked = expectMasked;
    }

    public void setObserver(Observer observer) {
        this.observer = observer == null ? NONE : observer;
    }

    /**
     * Consumes input until one frame is complete (returned) or the input is exhausted (null).
     *
     * @throws ProtocolException on a violation; the parser is then CORRUPT and refuses more input
     */
    public Frame parse(ByteBuffer in) throws ProtocolException {
        if (state == State.CORRUPT) {
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Input after a protocol violation");
        }
        try {
            while (true) {
                switch (state) {
                    case HEADER -> {
                        if (!fillHeader(in, 2)) {
                            return null;
                        }
                        readFirstTwoBytes();
                    }
                    case EXTENDED -> {
                        if (!fillHeader(in, headerNeed)) {
                            return null;
                        }
                        Frame empty = readLengthAndKey();
                        if (empty != null) {
                            return empty;
                        }
                    }
                    case PAYLOAD -> {
                        Frame frame = readPayload(in);
                        if (frame == null) {
                            return null;
                        }
                        return frame;
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
        } catch (ProtocolException e) {
            state = State.CORRUPT;
            payload = null;
            throw e;
        }
    }

    private boolean fillHeader(ByteBuffer in, int need) {
        int n = Math.min(need - headerFill, in.remaining());
        in.get(header, headerFill, n);
        headerFill += n;
        return headerFill == need;
    }

    private void readFirstTwoBytes() throws ProtocolException {
        int b0 = header[0] & 0xFF;
        int b1 = header[1] & 0xFF;
        fin = (b0 & 0x80) != 0;
        rsv = (b0 >> 4) & 0x7;
        opcode = b0 & 0x0F;
        masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7F;
        if ((rsv & ~allowedRsv) != 0) {
            // §5.2: RSV bits MUST be 0 unless an extension defining them was negotiated.
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
        }
        if (!Opcode.isDefined(opcode)) {
            // §5.2: reserved opcodes MUST fail the connection.
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Reserved opcode " + opcode);
        }
        if (Opcode.isControl(opcode)) {
            if (!fin) {
                // §5.5: control frames MUST NOT be fragmented.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Fragmented control frame");
            }
            if (len7 > 125) {
                // §5.5: control frames carry at most 125 payload bytes.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Control frame payload over 125 bytes");
            }
        }
        if (masked != expectMasked) {
            // §5.1: a server MUST close on an unmasked client frame; a client on a masked one.
            throw new ProtocolException(CloseCodes.PROTOCOL_ERROR,
                    expectMasked ? "Client frame not masked" : "Server frame masked");
        }
        headerNeed = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        state = State.EXTENDED;
    }

    private Frame readLengthAndKey() throws ProtocolException {
        int len7 = header[1] & 0x7F;
        long length;
        int at = 2;
        if (len7 == 126) {
            length = ((header[2] & 0xFF) << 8) | (header[3] & 0xFF);
            at = 4;
            if (length < 126) {
                // §5.2: "the minimal number of bytes MUST be used to encode the length".
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Non-minimal 16-bit payload length");
            }
        } else if (len7 == 127) {
            length = 0;
            for (int i = 2; i < 10; i++) {
                length = (length << 8) | (header[i] & 0xFF);
            }
            at = 10;
            if (length < 0) {
                // §5.2: the most significant bit of a 64-bit length MUST be 0.
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "64-bit payload length with the top bit set");
            }
            if (length <= 0xFFFF) {
                throw new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Non-minimal 64-bit payload length");
            }
        } else {
            length = len7;
        }
        if (length > maxFrameSize) {
            throw new ProtocolException(CloseCodes.MESSAGE_TOO_BIG,
                    "Frame of " + length + " bytes exceeds the limit of " + maxFrameSize);
        }
        if (masked) {
            System.arraycopy(header, at, maskKey, 0, 4);
        }
        observer.onHeader(fin, rsv, opcode, length);
        headerFill = 0;
        if (length == 0) {
            state = State.HEADER;
            return new Frame(fin, rsv, opcode, EMPTY);
        }
        payload = new byte[(int) length];
        payloadFill = 0;
        state = State.PAYLOAD;
        return null;
    }

    private Frame readPayload(ByteBuffer in) throws ProtocolException {
        int n = Math.min(payload.length - payloadFill, in.remaining());
        if (n > 0) {
            in.get(payload, payloadFill, n);
            if (masked) {
                Masking.apply(payload, payloadFill, n, maskKey, payloadFill);
            }
            observer.onPayload(opcode, payload, payloadFill, payloadFill + n);
            payloadFill += n;
        }
        if (payloadFill < payload.length) {
            return null;
        }
        Frame frame = new Frame(fin, rsv, opcode, payload);
        payload = null;
        state = State.HEADER;
        return frame;
    }

    /** True between frames: no partial header or payload is held. */
    public boolean isIdle() {
        return state == State.HEADER && headerFill == 0;
    }

    @Override
    public String toString() {
        return "FrameParser[" + state + (payload != null ? ", " + payloadFill + "/" + payload.length : "") + "]";
    }
}
