package io.roomwire.websocket.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The three ways every parser and assembler test feeds its input (gorilla's {@code OneByteReader}
 * and {@code HalfReader}): a resumable parser must give the same frames, messages and close codes
 * however the network happens to split the bytes.
 */
enum Feed {

    ALL_AT_ONCE("all at once"),
    BYTE_BY_BYTE("byte by byte"),
    HALVES("in two halves");

    private final String label;

    Feed(String label) {
        this.label = label;
    }

    /** Each case paired with each feed: the arguments of a {@code (case, feed)} parameterized test. */
    static Stream<Arguments> each(Stream<?> cases) {
        return cases.flatMap(c -> Arrays.stream(values()).map(feed -> Arguments.of(c, feed)));
    }

    /** The input as the buffers a reader would hand over, in order; together they hold every byte once. */
    List<ByteBuffer> chunks(byte[] input) {
        return switch (this) {
            case ALL_AT_ONCE -> List.of(ByteBuffer.wrap(input));
            case BYTE_BY_BYTE -> {
                List<ByteBuffer> bytes = new ArrayList<>(input.length);
                for (int i = 0; i < input.length; i++) {
                    bytes.add(ByteBuffer.wrap(input, i, 1).slice());
                }
                yield bytes;
            }
            case HALVES -> {
                int half = input.length / 2;
                yield List.of(ByteBuffer.wrap(input, 0, half).slice(),
                        ByteBuffer.wrap(input, half, input.length - half).slice());
            }
        };
    }

    /** Runs a bare parser over the input, collecting every frame it returns. */
    List<Frame> frames(FrameParser parser, byte[] input) throws ProtocolException {
        List<Frame> frames = new ArrayList<>();
        for (ByteBuffer chunk : chunks(input)) {
            Frame frame;
            while ((frame = parser.parse(chunk)) != null) {
                frames.add(frame);
            }
            // parse() returns null only once it has used up its input.
            if (chunk.hasRemaining()) {
                throw new AssertionError("parse() returned null with " + chunk.remaining() + " bytes unread");
            }
        }
        return frames;
    }

    @Override
    public String toString() {
        return label;
    }
}
