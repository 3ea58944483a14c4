package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.concat;
import static io.roomwire.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed input and the close code it must fail the connection with (RFC 6455 §7.1.7, §7.4.1),
 * through the whole receiving stack a server runs: {@link FrameParser} for structure,
 * {@link MessageAssembler} for meaning. Each row names the Autobahn|TestSuite case it mirrors and
 * runs whole, byte by byte and in halves, with the same outcome every way.
 */
class ProtocolViolationsTests {

    private static final int PROTOCOL_ERROR = CloseCodes.PROTOCOL_ERROR;
    private static final int INVALID_PAYLOAD = CloseCodes.INVALID_PAYLOAD;
    private static final int MESSAGE_TOO_BIG = CloseCodes.MESSAGE_TOO_BIG;

    /** Autobahn 6.3.1 / 6.4.x: "κόσμε", then an invalid sequence, then "edited". */
    private static final byte[] KOSME = hex("ce ba e1 bd b9 cf 83 ce bc ce b5");
    private static final byte[] SURROGATE = hex("ed a0 80");
    private static final byte[] ABOVE_MAX = hex("f4 90 80 80"); // "U+110000", past U+10FFFF
    private static final byte[] EDITED = hex("65 64 69 74 65 64");

    /**
     * One row: what the peer sends, the events the application sees before the failure, and the
     * close code. {@code maxFrame}/{@code maxMessage} are the receiver's limits.
     */
    record Violation(String name, byte[] wire, int closeCode, List<String> before, long maxFrame, long maxMessage) {

        Inbound receiver() {
            return Inbound.server(maxFrame, maxMessage);
        }

        Violation after(String... events) {
            return new Violation(name, wire, closeCode, List.of(events), maxFrame, maxMessage);
        }

        Violation limits(long frame, long message) {
            return new Violation(name, wire, closeCode, before, frame, message);
        }

        @Override
        public String toString() {
            return name + " -> " + closeCode;
        }
    }

    private static Violation violation(String name, int closeCode, byte[] wire) {
        return new Violation(name, wire, closeCode, List.of(), Inbound.LIMIT, Inbound.LIMIT);
    }

    private static Violation violation(String name, int closeCode, RawFrame... frames) {
        return violation(name, closeCode, RawFrame.wire(frames));
    }

    static List<Violation> table() {
        List<Violation> rows = new ArrayList<>();

        // 2.x: §5.5 control frames carry at most 125 payload bytes.
        rows.add(violation("2.5 ping payload 126 bytes", PROTOCOL_ERROR, RawFrame.ping(Bytes.pattern(126))));

        // 3.x: §5.2 RSV bits MUST be 0 unless an extension defines them (Autobahn's "RSV = n", RSV1 = 4).
        rows.add(violation("3.1 RSV = 1 on a text frame", PROTOCOL_ERROR, RawFrame.text("Hello, world!").rsv(1)));
        rows.add(violation("3.2 RSV = 2 on a text frame after a valid one", PROTOCOL_ERROR,
                RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(2), RawFrame.ping(""))
                .after("text: Hello, world!"));
        rows.add(violation("3.3 RSV = 3 on a text frame after a valid one", PROTOCOL_ERROR,
                RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(3), RawFrame.ping(""))
                .after("text: Hello, world!"));
        rows.add(violation("3.4 RSV = 4 (RSV1) on a text frame", PROTOCOL_ERROR,
                RawFrame.text("Hello, world!"), RawFrame.text("Hello, world!").rsv(4), RawFrame.ping(""))
                .after("text: Hello, world!"));
        rows.add(violation("3.5 RSV = 5 on a binary frame", PROTOCOL_ERROR, RawFrame.binary(Bytes.pattern(8)).rsv(5)));
        rows.add(violation("3.6 RSV = 6 on a ping", PROTOCOL_ERROR, RawFrame.ping("Hello, world!").rsv(6)));
        rows.add(violation("3.7 RSV = 7 on a close", PROTOCOL_ERROR, RawFrame.close(1000, "").rsv(7)));

        // 4.x: §5.2 reserved opcodes fail the connection.
        for (int opcode = 3; opcode <= 7; opcode++) {
            rows.add(violation("4.1." + (opcode - 2) + " reserved non-control opcode " + opcode, PROTOCOL_ERROR,
                    RawFrame.text("Hello, world!"), RawFrame.of(opcode, Bytes.utf8("reserved opcode payload")),
                    RawFrame.ping("")).after("text: Hello, world!"));
        }
        for (int opcode = 11; opcode <= 15; opcode++) {
            rows.add(violation("4.2." + (opcode - 10) + " reserved control opcode " + opcode, PROTOCOL_ERROR,
                    RawFrame.text("Hello, world!"), RawFrame.of(opcode, Bytes.utf8("reserved opcode payload")),
                    RawFrame.ping("")).after("text: Hello, world!"));
        }

        // 5.x: §5.4 / §5.5 fragmentation rules.
        rows.add(violation("5.1 fragmented ping", PROTOCOL_ERROR,
                RawFrame.ping("fragment1").more(), RawFrame.continuation("fragment2")));
        rows.add(violation("5.2 fragmented pong", PROTOCOL_ERROR,
                RawFrame.pong("fragment1").more(), RawFrame.continuation("fragment2")));
        rows.add(violation("5.9 continuation (FIN set) with nothing to continue", PROTOCOL_ERROR,
                RawFrame.continuation("non-continuation payload"), RawFrame.text("Hello, world!")));
        rows.add(violation("5.12 continuation (FIN clear) with nothing to continue", PROTOCOL_ERROR,
                RawFrame.continuation("non-continuation payload").more(), RawFrame.text("Hello, world!")));
        rows.add(violation("5.15 continuation after a completed fragmented message", PROTOCOL_ERROR,
                RawFrame.text("fragment1").more(), RawFrame.continuation("fragment2"),
                RawFrame.continuation("fragment3").more(), RawFrame.text("fragment4"))
                .after("text: fragment1fragment2"));
        rows.add(violation("5.18 new text frame inside a fragmented text message", PROTOCOL_ERROR,
                RawFrame.text("fragment1").more(), RawFrame.text("fragment2")));
        rows.add(violation("5.x new binary frame inside a fragmented text message, after a ping", PROTOCOL_ERROR,
                RawFrame.text("fragment1").more(), RawFrame.ping("p"), RawFrame.binary(Bytes.pattern(3)))
                .after("ping: [70]"));

        // 6.x: §8.1 text MUST be valid UTF-8, checked as it streams in.
        rows.add(violation("6.3.1 invalid UTF-8 (a surrogate) in one text frame", INVALID_PAYLOAD,
                RawFrame.text(concat(KOSME, SURROGATE, EDITED))));
        rows.add(violation("6.3.2 invalid UTF-8 (a surrogate) in one-octet fragments", INVALID_PAYLOAD,
                oneOctetFragments(concat(KOSME, SURROGATE, EDITED))));
        rows.add(violation("6.4.1 invalid UTF-8 in the 2nd of 3 fragments fails before the 3rd", INVALID_PAYLOAD,
                RawFrame.text(KOSME).more(), RawFrame.continuation(ABOVE_MAX).more()));
        rows.add(violation("6.4.2 invalid UTF-8 on the one octet of the 2nd fragment", INVALID_PAYLOAD,
                RawFrame.text(concat(KOSME, hex("f4"))).more(), RawFrame.continuation(hex("90")).more()));
        byte[] frame643 = concat(KOSME, ABOVE_MAX, EDITED);
        rows.add(violation("6.4.3 invalid UTF-8 fails mid-frame before the frame completes", INVALID_PAYLOAD,
                RawFrame.text(frame643).upTo(KOSME.length + ABOVE_MAX.length)));
        rows.add(violation("6.4.4 invalid UTF-8 fails mid-frame on the first invalid octet", INVALID_PAYLOAD,
                RawFrame.text(frame643).upTo(KOSME.length + 2)));
        rows.add(violation("6.6.1 text ending inside a UTF-8 sequence (CE)", INVALID_PAYLOAD,
                RawFrame.text(hex("ce"))));
        rows.add(violation("6.6.3 text ending inside a UTF-8 sequence (CE BA E1)", INVALID_PAYLOAD,
                RawFrame.text(hex("ce ba e1"))));
        rows.add(violation("6.x fragmented text whose last fragment ends inside a sequence", INVALID_PAYLOAD,
                RawFrame.text(hex("ce ba")).more(), RawFrame.ping(""), RawFrame.continuation(hex("e1 bd")))
                .after("ping: []"));
        rows.add(violation("6.11.5 U+110000 (F4 90 80 80)", INVALID_PAYLOAD, RawFrame.text(ABOVE_MAX)));
        rows.add(violation("6.12.1 lone continuation octet 80", INVALID_PAYLOAD, RawFrame.text(hex("80"))));
        rows.add(violation("6.16.1 impossible octet FE", INVALID_PAYLOAD, RawFrame.text(hex("fe"))));
        rows.add(violation("6.19.1 overlong NUL (C0 80)", INVALID_PAYLOAD, RawFrame.text(hex("c0 80"))));
        rows.add(violation("6.19.2 overlong NUL (E0 80 80)", INVALID_PAYLOAD, RawFrame.text(hex("e0 80 80"))));
        rows.add(violation("6.20.1 single surrogate U+D800 (ED A0 80)", INVALID_PAYLOAD, RawFrame.text(SURROGATE)));

        // 7.x: §5.5.1 / §7.4 Close payloads.
        rows.add(violation("7.3.2 close payload of 1 byte", PROTOCOL_ERROR, RawFrame.close(hex("03"))));
        rows.add(violation("7.3.6 close with a 124-byte reason (payload 126)", PROTOCOL_ERROR,
                RawFrame.close(1000, Bytes.ascii(124))));
        rows.add(violation("7.5.1 close reason invalid UTF-8", INVALID_PAYLOAD,
                RawFrame.close(1000, concat(KOSME, SURROGATE, EDITED))));
        int[] invalidCodes = {0, 999, 1004, 1005, 1006, 1016, 1100, 2000, 2999};
        for (int i = 0; i < invalidCodes.length; i++) {
            rows.add(violation("7.9." + (i + 1) + " invalid close code " + invalidCodes[i], PROTOCOL_ERROR,
                    RawFrame.close(invalidCodes[i], "")));
        }
        rows.add(violation("7.9.x invalid close code 1015 (TLS failure, report only)", PROTOCOL_ERROR,
                RawFrame.close(1015, "")));
        rows.add(violation("7.13.1 close code 5000", PROTOCOL_ERROR, RawFrame.close(5000, "")));
        rows.add(violation("7.13.2 close code 65535", PROTOCOL_ERROR, RawFrame.close(65535, "")));

        // §5.1 masking, §5.2 length encoding.
        rows.add(violation("§5.1 unmasked client frame", PROTOCOL_ERROR, RawFrame.text("Hello").unmasked()));
        rows.add(violation("§5.1 unmasked client ping after a masked text", PROTOCOL_ERROR,
                RawFrame.text("Hello"), RawFrame.ping("").unmasked()).after("text: Hello"));
        rows.add(violation("§5.2 non-minimal 16-bit length (5)", PROTOCOL_ERROR, RawFrame.text("Hello").length16()));
        rows.add(violation("§5.2 non-minimal 16-bit length (125)", PROTOCOL_ERROR,
                RawFrame.binary(Bytes.pattern(125)).length16()));
        rows.add(violation("§5.2 non-minimal 64-bit length (5)", PROTOCOL_ERROR, RawFrame.text("Hello").length64()));
        rows.add(violation("§5.2 non-minimal 64-bit length (65535)", PROTOCOL_ERROR,
                RawFrame.binary(Bytes.pattern(65535)).length64()));
        rows.add(violation("§5.2 64-bit length with the top bit set", PROTOCOL_ERROR,
                hex("82 ff 80 00 00 00 00 00 00 05 37 fa 21 3d")));
        rows.add(violation("§5.2 64-bit length 2^63 + 2^16, top bit set", PROTOCOL_ERROR,
                RawFrame.binary(new byte[0]).declaring(Long.MIN_VALUE + 65536).header()));
        rows.add(violation("§5.5 control frame with a 16-bit length", PROTOCOL_ERROR,
                RawFrame.ping("Hello").length16()));

        // Limits (§7.4.1 1009): enforced from the header, before the payload is read.
        rows.add(violation("9.x frame of 1001 bytes over a 1000-byte frame limit (header only)", MESSAGE_TOO_BIG,
                RawFrame.binary(new byte[1001]).header()).limits(1000, 1 << 20));
        rows.add(violation("9.x frame declaring 2^40 bytes (header only)", MESSAGE_TOO_BIG,
                RawFrame.binary(new byte[0]).declaring(1L << 40).header()));
        rows.add(violation("9.x single text frame within the frame limit, over the message limit", MESSAGE_TOO_BIG,
                RawFrame.text(Bytes.ascii(101)).header()).limits(1000, 100));
        rows.add(violation("9.x reassembled message over the message limit, at the crossing fragment's header",
                MESSAGE_TOO_BIG, concat(RawFrame.text(Bytes.ascii(60)).more().bytes(), RawFrame.ping("").bytes(),
                        RawFrame.continuation(Bytes.ascii(41)).header()))
                .after("ping: []").limits(1000, 100));
        return rows;
    }

    private static RawFrame[] oneOctetFragments(byte[] payload) {
        RawFrame[] frames = new RawFrame[payload.length];
        for (int i = 0; i < payload.length; i++) {
            byte[] octet = {payload[i]};
            RawFrame fragment = i == 0 ? RawFrame.text(octet) : RawFrame.continuation(octet);
            frames[i] = i == payload.length - 1 ? fragment : fragment.more();
        }
        return frames;
    }

    static Stream<Arguments> violations() {
        return Feed.each(table().stream());
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("violations")
    void failsWithTheRightCloseCode(Violation violation, Feed feed) {
        Inbound inbound = violation.receiver().feed(feed, violation.wire());

        List<String> expected = new ArrayList<>(violation.before());
        expected.add("fail: " + violation.closeCode());
        assertThat(inbound.events()).containsExactlyElementsOf(expected);
        assertThat(inbound.failure().closeCode()).isEqualTo(violation.closeCode());
        // §7.1.7 / §5.5: the reason goes into a Close frame, so it must fit beside the code.
        assertThat(inbound.failure().reason()).isNotBlank();
        assertThat(inbound.failure().reason().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(123);
    }

    static Stream<Violation> rows() {
        return table().stream();
    }

    @ParameterizedTest(name = "{0}: same outcome and reason whole, byte by byte and in halves")
    @MethodSource("rows")
    void sameOutcomeHoweverTheInputIsSplit(Violation violation) {
        Inbound.Transcript whole = violation.receiver().feed(Feed.ALL_AT_ONCE, violation.wire()).transcript();
        assertThat(whole.failureReason()).isNotNull();
        for (Feed feed : List.of(Feed.BYTE_BY_BYTE, Feed.HALVES)) {
            assertThat(violation.receiver().feed(feed, violation.wire()).transcript()).as("%s", feed).isEqualTo(whole);
        }
    }

    // ---------------------------------------------------------------- failing early

    /** Autobahn 6.4.x: a valid prefix, then the octets that make it invalid; the rest is never sent. */
    record Staged(String name, byte[] valid, byte[] invalid, int failingOctet) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> staged() {
        RawFrame frame = RawFrame.text(concat(KOSME, ABOVE_MAX, EDITED));
        byte[] header = frame.header();
        byte[] upToKosme = frame.upTo(KOSME.length);
        byte[] first641 = RawFrame.text(KOSME).more().bytes();
        byte[] first642 = RawFrame.text(concat(KOSME, hex("f4"))).more().bytes();
        byte[] second642 = RawFrame.continuation(hex("90")).more().bytes();
        return Feed.each(Stream.of(
                new Staged("6.4.1 the 2nd fragment F4 90 80 80 fails before the 3rd is sent", first641,
                        RawFrame.continuation(ABOVE_MAX).more().bytes(),
                        // the 0x90 after F4 in the second frame: header 6 bytes + 1
                        6 + 1),
                new Staged("6.4.2 the 2nd fragment's single octet 90 fails", first642, second642, second642.length - 1),
                new Staged("6.4.3 F4 90 80 80 fails mid-frame, the frame still incomplete", upToKosme,
                        Arrays.copyOfRange(frame.upTo(KOSME.length + ABOVE_MAX.length), upToKosme.length,
                                upToKosme.length + ABOVE_MAX.length), 1),
                new Staged("6.4.4 the octet 90 alone fails mid-frame", frame.upTo(KOSME.length + 1),
                        Arrays.copyOfRange(frame.upTo(KOSME.length + 2), header.length + KOSME.length + 1,
                                header.length + KOSME.length + 2), 0)));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("staged")
    void invalidUtf8FailsAsSoonAsItArrives(Staged staged, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, staged.valid());
        assertThat(inbound.failure()).as("after the valid prefix").isNull();
        assertThat(inbound.events()).isEmpty();
        long before = inbound.consumed();

        inbound.feed(feed, staged.invalid());

        assertThat(inbound.events()).containsExactly("fail: " + INVALID_PAYLOAD);
        if (feed == Feed.BYTE_BY_BYTE) {
            // One octet at a time, the failure comes on the very octet that breaks the sequence.
            assertThat(inbound.consumed() - before).isEqualTo(staged.failingOctet() + 1);
        }
    }

    @ParameterizedTest(name = "9.x the message limit trips on the last header byte of the crossing fragment [{0}]")
    @org.junit.jupiter.params.provider.EnumSource(Feed.class)
    void messageLimitTripsAtTheHeader(Feed feed) {
        byte[] header = RawFrame.continuation(Bytes.ascii(41)).header();
        Inbound inbound = Inbound.server(1000, 100)
                .feed(feed, RawFrame.text(Bytes.ascii(60)).more().bytes())
                .feed(feed, Arrays.copyOf(header, header.length - 1));
        assertThat(inbound.failure()).isNull();

        inbound.feed(feed, new byte[] {header[header.length - 1]});

        assertThat(inbound.events()).containsExactly("fail: " + MESSAGE_TOO_BIG);
    }
}
