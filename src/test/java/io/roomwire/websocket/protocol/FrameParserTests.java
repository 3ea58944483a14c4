package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.concat;
import static io.roomwire.websocket.protocol.Bytes.hex;
import static io.roomwire.websocket.protocol.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 6455 §5.2 framing as {@link FrameParser} reads it: the §5.7 examples, boundary lengths, the
 * frame size limit, negotiated RSV bits, the observer contract and the terminal CORRUPT state.
 * Every case runs with its input whole, byte by byte and in halves. Message-level rules and the
 * Autobahn table of violations live in {@link MessageAssemblerTests} and
 * {@link ProtocolViolationsTests}.
 */
class FrameParserTests {

    private static final long LIMIT = 1 << 20;

    private static FrameParser server() {
        return new FrameParser(LIMIT, 0, true);
    }

    private static FrameParser client() {
        return new FrameParser(LIMIT, 0, false);
    }

    /** One line per frame: opcode, FIN/RSV, payload (in hex when short, else length and CRC). */
    static String describe(Frame frame) {
        return describe(frame.fin(), frame.rsv(), frame.opcode(), frame.payload());
    }

    static String describe(boolean fin, int rsv, int opcode, byte[] payload) {
        return Opcode.name(opcode) + (fin ? "" : " (more)") + (rsv != 0 ? " rsv=" + rsv : "") + " "
                + Bytes.describe(payload);
    }

    private static List<String> describeAll(List<Frame> frames) {
        return frames.stream().map(FrameParserTests::describe).toList();
    }

    // ---------------------------------------------------------------- RFC 6455 §5.7 examples

    record Vector(String name, byte[] wire, List<String> frames) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] HELLO = utf8("Hello");
    private static final byte[] BYTES_256 = Bytes.pattern(256);
    private static final byte[] BYTES_64K = Bytes.pattern(65536);

    static Stream<Arguments> unmaskedVectors() {
        return Feed.each(Stream.of(
                new Vector("§5.7 single-frame unmasked text \"Hello\"", RfcVectors.UNMASKED_HELLO,
                        List.of(describe(true, 0, Opcode.TEXT, HELLO))),
                new Vector("§5.7 fragmented unmasked text \"Hel\" + \"lo\"",
                        concat(RfcVectors.FRAGMENT_HEL, RfcVectors.FRAGMENT_LO),
                        List.of(describe(false, 0, Opcode.TEXT, utf8("Hel")),
                                describe(true, 0, Opcode.CONTINUATION, utf8("lo")))),
                new Vector("§5.7 unmasked Ping \"Hello\"", RfcVectors.UNMASKED_PING,
                        List.of(describe(true, 0, Opcode.PING, HELLO))),
                new Vector("§5.7 256 bytes binary, 16-bit length 0x0100",
                        concat(RfcVectors.BINARY_256_HEADER, BYTES_256),
                        List.of(describe(true, 0, Opcode.BINARY, BYTES_256))),
                new Vector("§5.7 64KiB binary, 64-bit length 0x0000000000010000",
                        concat(RfcVectors.BINARY_64K_HEADER, BYTES_64K),
                        List.of(describe(true, 0, Opcode.BINARY, BYTES_64K)))));
    }

    @ParameterizedTest(name = "client reads {0} [{1}]")
    @MethodSource("unmaskedVectors")
    void clientReadsTheUnmaskedExamples(Vector vector, Feed feed) throws ProtocolException {
        assertThat(describeAll(feed.frames(client(), vector.wire()))).containsExactlyElementsOf(vector.frames());
    }

    @ParameterizedTest(name = "server rejects unmasked {0} with 1002 [{1}]")
    @MethodSource("unmaskedVectors")
    void serverRejectsTheUnmaskedExamples(Vector vector, Feed feed) {
        // §5.1: "The server MUST close the connection upon receiving a frame that is not masked."
        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(server(), vector.wire()))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
    }

    static Stream<Arguments> maskedVectors() {
        return Feed.each(Stream.of(
                new Vector("§5.7 single-frame masked text \"Hello\"", RfcVectors.MASKED_HELLO,
                        List.of(describe(true, 0, Opcode.TEXT, HELLO))),
                new Vector("§5.7 masked Pong \"Hello\"", RfcVectors.MASKED_PONG,
                        List.of(describe(true, 0, Opcode.PONG, HELLO))),
                new Vector("§5.7 fragmented text \"Hel\" + \"lo\", masked",
                        RawFrame.wire(RawFrame.text("Hel").more(), RawFrame.continuation("lo")),
                        List.of(describe(false, 0, Opcode.TEXT, utf8("Hel")),
                                describe(true, 0, Opcode.CONTINUATION, utf8("lo")))),
                new Vector("§5.7 Ping \"Hello\", masked", RawFrame.ping("Hello").bytes(),
                        List.of(describe(true, 0, Opcode.PING, HELLO))),
                new Vector("§5.7 256 bytes binary, masked", RawFrame.binary(BYTES_256).bytes(),
                        List.of(describe(true, 0, Opcode.BINARY, BYTES_256))),
                new Vector("§5.7 64KiB binary, masked", RawFrame.binary(BYTES_64K).bytes(),
                        List.of(describe(true, 0, Opcode.BINARY, BYTES_64K)))));
    }

    @ParameterizedTest(name = "server reads {0} [{1}]")
    @MethodSource("maskedVectors")
    void serverReadsTheMaskedExamples(Vector vector, Feed feed) throws ProtocolException {
        assertThat(describeAll(feed.frames(server(), vector.wire()))).containsExactlyElementsOf(vector.frames());
    }

    @ParameterizedTest(name = "client rejects masked {0} with 1002 [{1}]")
    @MethodSource("maskedVectors")
    void clientRejectsTheMaskedExamples(Vector vector, Feed feed) {
        // §5.1: "A client MUST close a connection if it detects a masked frame."
        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(client(), vector.wire()))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
    }

    @Test
    void theRawFrameFixtureWritesTheExamplesByteForByte() {
        assertThat(RawFrame.text("Hello").bytes()).isEqualTo(RfcVectors.MASKED_HELLO);
        assertThat(RawFrame.pong("Hello").bytes()).isEqualTo(RfcVectors.MASKED_PONG);
        assertThat(RawFrame.text("Hello").unmasked().bytes()).isEqualTo(RfcVectors.UNMASKED_HELLO);
        assertThat(RawFrame.text("Hel").more().unmasked().bytes()).isEqualTo(RfcVectors.FRAGMENT_HEL);
        assertThat(RawFrame.continuation("lo").unmasked().bytes()).isEqualTo(RfcVectors.FRAGMENT_LO);
        assertThat(RawFrame.ping("Hello").unmasked().bytes()).isEqualTo(RfcVectors.UNMASKED_PING);
        assertThat(RawFrame.binary(BYTES_256).unmasked().header()).isEqualTo(RfcVectors.BINARY_256_HEADER);
        assertThat(RawFrame.binary(BYTES_64K).unmasked().header()).isEqualTo(RfcVectors.BINARY_64K_HEADER);
    }

    // ---------------------------------------------------------------- boundary lengths

    /** §5.2: 0-125 in the 7 bits, 126-65535 after a 126 marker, above that after a 127 marker. */
    record Length(int payload, int lengthByte, int unmaskedHeader) {
        @Override
        public String toString() {
            return payload + " bytes";
        }
    }

    static Stream<Arguments> boundaryLengths() {
        return Feed.each(Stream.of(
                new Length(0, 0, 2), new Length(1, 1, 2), new Length(125, 125, 2),
                new Length(126, 126, 4), new Length(127, 126, 4), new Length(65535, 126, 4),
                new Length(65536, 127, 10), new Length(70000, 127, 10)));
    }

    @ParameterizedTest(name = "masked binary of {0} round-trips with a minimal header [{1}]")
    @MethodSource("boundaryLengths")
    void maskedFramesOfBoundaryLengthsRoundTrip(Length length, Feed feed) throws ProtocolException {
        byte[] payload = Bytes.pattern(length.payload());
        byte[] key = hex("a1 b2 c3 d4");

        byte[] wire = FrameEncoder.frame(true, Opcode.BINARY, payload, 0, payload.length, key);

        int header = length.unmaskedHeader() + 4;
        assertThat(FrameEncoder.headerLength(length.payload(), true)).isEqualTo(header);
        assertThat(wire).hasSize(header + length.payload());
        assertThat(wire[0] & 0xFF).isEqualTo(0x82);
        assertThat(wire[1] & 0xFF).isEqualTo(0x80 | length.lengthByte());
        assertThat(Arrays.copyOfRange(wire, header - 4, header)).isEqualTo(key);
        for (int i = 0; i < payload.length; i++) {
            if ((wire[header + i] ^ key[i % 4]) != payload[i]) {
                throw new AssertionError("payload octet " + i + " is not masked with key octet " + (i % 4));
            }
        }
        List<Frame> frames = feed.frames(server(), wire);
        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.fin()).isTrue();
            assertThat(frame.opcode()).isEqualTo(Opcode.BINARY);
            assertThat(frame.payload()).isEqualTo(payload);
        });
    }

    @ParameterizedTest(name = "unmasked binary of {0} round-trips with a minimal header [{1}]")
    @MethodSource("boundaryLengths")
    void unmaskedFramesOfBoundaryLengthsRoundTrip(Length length, Feed feed) throws ProtocolException {
        byte[] payload = Bytes.pattern(length.payload());

        byte[] wire = FrameEncoder.frame(Opcode.BINARY, payload);

        assertThat(FrameEncoder.headerLength(length.payload(), false)).isEqualTo(length.unmaskedHeader());
        assertThat(wire).hasSize(length.unmaskedHeader() + length.payload());
        assertThat(wire[1] & 0xFF).isEqualTo(length.lengthByte());
        assertThat(Arrays.copyOfRange(wire, length.unmaskedHeader(), wire.length)).isEqualTo(payload);
        assertThat(feed.frames(client(), wire)).singleElement()
                .satisfies(frame -> assertThat(frame.payload()).isEqualTo(payload));
    }

    // ---------------------------------------------------------------- limits and negotiated bits

    @ParameterizedTest(name = "a frame of exactly the limit is read, one byte more fails with 1009 at its header [{0}]")
    @EnumSource(Feed.class)
    void frameSizeLimit(Feed feed) throws ProtocolException {
        byte[] atLimit = Bytes.pattern(1000);
        assertThat(feed.frames(new FrameParser(1000, 0, true), RawFrame.binary(atLimit).bytes()))
                .singleElement().satisfies(frame -> assertThat(frame.payload()).isEqualTo(atLimit));

        // Only the header is sent: the limit is enforced before any payload is buffered.
        byte[] header = RawFrame.binary(new byte[1001]).header();
        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(new FrameParser(1000, 0, true), header))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
    }

    static Stream<Arguments> unbufferableLengths() {
        return Feed.each(Stream.of(1L << 31, (1L << 32) + 5, Long.MAX_VALUE));
    }

    @ParameterizedTest(name = "with no configured limit, a 64-bit length of {0} no array can hold fails with 1009 [{1}]")
    @MethodSource("unbufferableLengths")
    void lengthsBeyondAnyArrayFailEvenWithoutALimit(long length, Feed feed) {
        // The payload is buffered whole; reading 2^32 + 5 as 5 would desynchronise the framing.
        byte[] wire = concat(RawFrame.binary(new byte[0]).declaring(length).header(), Bytes.pattern(16));
        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(new FrameParser(Long.MAX_VALUE, 0, true), wire))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.MESSAGE_TOO_BIG));
    }

    @ParameterizedTest(name = "RSV1 is reported once an extension claims it; RSV2 still fails with 1002 [{0}]")
    @EnumSource(Feed.class)
    void negotiatedRsvBits(Feed feed) throws ProtocolException {
        FrameParser deflate = new FrameParser(LIMIT, 4, true);
        assertThat(describeAll(feed.frames(deflate, RawFrame.text("Hello").rsv(4).bytes())))
                .containsExactly(describe(true, 4, Opcode.TEXT, HELLO));

        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(new FrameParser(LIMIT, 4, true), RawFrame.text("Hello").rsv(2).bytes()))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
    }

    // ---------------------------------------------------------------- resumption

    @ParameterizedTest(name = "frames back to back in one stream come out in order, idle in between [{0}]")
    @EnumSource(Feed.class)
    void backToBackFrames(Feed feed) throws ProtocolException {
        byte[] wire = RawFrame.wire(RawFrame.text("Hel").more(), RawFrame.ping(""),
                RawFrame.continuation("lo"), RawFrame.binary(Bytes.pattern(300)), RawFrame.close(new byte[0]));
        FrameParser parser = server();

        List<Frame> frames = feed.frames(parser, wire);

        assertThat(describeAll(frames)).containsExactly(
                describe(false, 0, Opcode.TEXT, utf8("Hel")),
                describe(true, 0, Opcode.PING, new byte[0]),
                describe(true, 0, Opcode.CONTINUATION, utf8("lo")),
                describe(true, 0, Opcode.BINARY, Bytes.pattern(300)),
                describe(true, 0, Opcode.CLOSE, new byte[0]));
        assertThat(parser.isIdle()).isTrue();
    }

    @ParameterizedTest(name = "a frame cut anywhere yields nothing until its last byte arrives [{0}]")
    @EnumSource(Feed.class)
    void partialFrame(Feed feed) throws ProtocolException {
        byte[] wire = RfcVectors.MASKED_HELLO; // 2 header bytes, 4 key bytes, 5 payload bytes
        FrameParser parser = server();

        // Cut inside the fixed header, inside the key, right after it, and inside the payload.
        int[] cuts = {0, 1, 2, 5, 6, 8};
        for (int i = 1; i < cuts.length; i++) {
            assertThat(feed.frames(parser, Arrays.copyOfRange(wire, cuts[i - 1], cuts[i])))
                    .as("after %d of %d bytes", cuts[i], wire.length).isEmpty();
            assertThat(parser.isIdle()).isFalse();
        }
        assertThat(describeAll(feed.frames(parser, Arrays.copyOfRange(wire, 8, wire.length))))
                .containsExactly(describe(true, 0, Opcode.TEXT, HELLO));
        assertThat(parser.isIdle()).isTrue();
    }

    @ParameterizedTest(name = "an empty buffer is not a frame [{0}]")
    @EnumSource(Feed.class)
    void emptyInput(Feed feed) throws ProtocolException {
        FrameParser parser = server();
        assertThat(feed.frames(parser, new byte[0])).isEmpty();
        assertThat(parser.parse(ByteBuffer.allocate(0))).isNull();
        assertThat(parser.isIdle()).isTrue();
    }

    // ---------------------------------------------------------------- observer

    @ParameterizedTest(name = "the observer sees the header first, then the payload unmasked in pieces [{0}]")
    @EnumSource(Feed.class)
    void observerSeesHeaderThenUnmaskedPayload(Feed feed) throws ProtocolException {
        byte[] payload = Bytes.pattern(300);
        List<String> calls = new ArrayList<>();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        FrameParser parser = server();
        parser.setObserver(new FrameParser.Observer() {
            @Override
            public void onHeader(boolean fin, int rsv, int opcode, long payloadLength) {
                calls.add("header " + Opcode.name(opcode) + " " + payloadLength + (fin ? " fin" : ""));
            }

            @Override
            public void onPayload(int opcode, byte[] data, int from, int to) {
                if (calls.isEmpty() || !calls.get(calls.size() - 1).equals("payload")) {
                    calls.add("payload");
                }
                assertThat(to).isGreaterThan(from);
                seen.write(data, from, to - from);
            }
        });

        List<Frame> frames = feed.frames(parser, RawFrame.wire(RawFrame.binary(payload).more(), RawFrame.ping("")));

        assertThat(calls).containsExactly("header BINARY 300", "payload", "header PING 0 fin");
        assertThat(seen.toByteArray()).isEqualTo(payload);
        assertThat(frames).hasSize(2);
    }

    // ---------------------------------------------------------------- CORRUPT is terminal

    static Stream<Arguments> violations() {
        return Feed.each(Stream.of(
                new Vector("RSV2 without an extension", RawFrame.text("Hello").rsv(2).bytes(), List.of()),
                new Vector("reserved opcode 3", RawFrame.of(3, new byte[0]).bytes(), List.of()),
                new Vector("unmasked client frame", RawFrame.text("Hello").unmasked().bytes(), List.of()),
                new Vector("non-minimal 16-bit length", RawFrame.text("Hello").length16().bytes(), List.of())));
    }

    @ParameterizedTest(name = "after {0} the parser is CORRUPT and reads nothing more [{1}]")
    @MethodSource("violations")
    void corruptIsTerminal(Vector violation, Feed feed) {
        FrameParser parser = server();
        assertThatExceptionOfType(ProtocolException.class).isThrownBy(() -> feed.frames(parser, violation.wire()));

        for (byte[] next : List.of(RfcVectors.MASKED_HELLO, new byte[0], violation.wire())) {
            ByteBuffer in = ByteBuffer.wrap(next);
            assertThatExceptionOfType(ProtocolException.class)
                    .isThrownBy(() -> parser.parse(in))
                    .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
            assertThat(in.position()).as("bytes read after the violation").isZero();
        }
        assertThat(parser.isIdle()).isFalse();
    }

    @ParameterizedTest(name = "a veto from the observer mid-payload also leaves the parser CORRUPT [{0}]")
    @EnumSource(Feed.class)
    void observerVetoIsTerminal(Feed feed) {
        FrameParser parser = server();
        parser.setObserver(new FrameParser.Observer() {
            @Override
            public void onHeader(boolean fin, int rsv, int opcode, long payloadLength) {
            }

            @Override
            public void onPayload(int opcode, byte[] payload, int from, int to) throws ProtocolException {
                for (int i = from; i < to; i++) {
                    if (payload[i] == '!') {
                        throw new ProtocolException(CloseCodes.POLICY_VIOLATION, "no shouting");
                    }
                }
            }
        });

        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> feed.frames(parser, RawFrame.text("Hi!").bytes()))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.POLICY_VIOLATION));
        assertThatExceptionOfType(ProtocolException.class)
                .isThrownBy(() -> parser.parse(ByteBuffer.wrap(RfcVectors.MASKED_HELLO)))
                .satisfies(e -> assertThat(e.closeCode()).isEqualTo(CloseCodes.PROTOCOL_ERROR));
    }
}
