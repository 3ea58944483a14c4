package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.concat;
import static io.roomwire.websocket.protocol.Bytes.hex;
import static io.roomwire.websocket.protocol.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Messages as {@link MessageAssembler} delivers them (RFC 6455 §5.4, §5.5, §8.1): reassembly,
 * control frames between fragments, UTF-8 across fragment boundaries, Close payloads. Test names
 * carry the Autobahn|TestSuite case they mirror. Every case runs whole, byte by byte and in
 * halves; violations are in {@link ProtocolViolationsTests}.
 */
class MessageAssemblerTests {

    /** Something the peer sends and what the application must see, in order. */
    record Exchange(String name, byte[] wire, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Exchange exchange(String name, byte[] wire, String... events) {
        return new Exchange(name, wire, List.of(events));
    }

    private static String hexOf(String text) {
        return "[" + Bytes.hex(utf8(text)) + "]";
    }

    // ---------------------------------------------------------------- RFC 6455 §5.7

    static Stream<Arguments> rfcExamples() {
        return Feed.each(Stream.of(
                exchange("§5.7 single-frame masked text \"Hello\"", RfcVectors.MASKED_HELLO, "text: Hello"),
                exchange("§5.7 masked Pong \"Hello\"", RfcVectors.MASKED_PONG, "pong: " + hexOf("Hello")),
                exchange("§5.7 fragmented text \"Hel\" + \"lo\", masked",
                        RawFrame.wire(RawFrame.text("Hel").more(), RawFrame.continuation("lo")), "text: Hello"),
                exchange("§5.7 Ping \"Hello\", masked", RawFrame.ping("Hello").bytes(), "ping: " + hexOf("Hello"))));
    }

    @ParameterizedTest(name = "server: {0} [{1}]")
    @MethodSource("rfcExamples")
    void serverDeliversTheExamples(Exchange exchange, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, exchange.wire());
        assertThat(inbound.events()).containsExactlyElementsOf(exchange.events());
    }

    static Stream<Arguments> rfcUnmaskedExamples() {
        return Feed.each(Stream.of(
                exchange("§5.7 single-frame unmasked text \"Hello\"", RfcVectors.UNMASKED_HELLO, "text: Hello"),
                exchange("§5.7 fragmented unmasked text \"Hel\" + \"lo\"",
                        concat(RfcVectors.FRAGMENT_HEL, RfcVectors.FRAGMENT_LO), "text: Hello"),
                exchange("§5.7 unmasked Ping \"Hello\"", RfcVectors.UNMASKED_PING, "ping: " + hexOf("Hello"))));
    }

    @ParameterizedTest(name = "client: {0} [{1}]")
    @MethodSource("rfcUnmaskedExamples")
    void clientDeliversTheExamples(Exchange exchange, Feed feed) {
        Inbound inbound = Inbound.client().feed(feed, exchange.wire());
        assertThat(inbound.events()).containsExactlyElementsOf(exchange.events());
    }

    // ---------------------------------------------------------------- 1.x sizes

    static Stream<Arguments> messageSizes() {
        return Feed.each(IntStream.of(0, 125, 126, 127, 128, 65535, 65536).boxed());
    }

    @ParameterizedTest(name = "1.1.x text message of {0} bytes [{1}]")
    @MethodSource("messageSizes")
    void textOfEverySize(int size, Feed feed) {
        String text = Bytes.ascii(size);
        Inbound inbound = Inbound.server().feed(feed, RawFrame.text(text).bytes());
        assertThat(inbound.failure()).isNull();
        assertThat(inbound.texts()).containsExactly(text);
    }

    @ParameterizedTest(name = "1.2.x binary message of {0} bytes [{1}]")
    @MethodSource("messageSizes")
    void binaryOfEverySize(int size, Feed feed) {
        byte[] data = Bytes.pattern(size);
        Inbound inbound = Inbound.server().feed(feed, RawFrame.binary(data).bytes());
        assertThat(inbound.failure()).isNull();
        assertThat(inbound.binaries()).singleElement().isEqualTo(data);
    }

    // ---------------------------------------------------------------- 2.x and 5.x: control frames, fragments

    static Stream<Arguments> fragmentsAndControlFrames() {
        byte[] ping125 = Bytes.pattern(125);
        return Feed.each(Stream.of(
                exchange("2.1 ping without payload", RawFrame.ping("").bytes(), "ping: []"),
                exchange("2.4 ping with a 125-byte payload", RawFrame.ping(ping125).bytes(),
                        "ping: " + Bytes.describe(ping125)),
                exchange("2.8 unsolicited pong with payload", RawFrame.pong("unsolicited").bytes(),
                        "pong: " + hexOf("unsolicited")),
                exchange("2.10 ten pings in a row, in order",
                        RawFrame.wire(IntStream.range(0, 10).mapToObj(i -> RawFrame.ping("p" + i)).toArray(RawFrame[]::new)),
                        IntStream.range(0, 10).mapToObj(i -> "ping: " + hexOf("p" + i)).toArray(String[]::new)),
                exchange("5.3 text in two fragments",
                        RawFrame.wire(RawFrame.text("fragment1").more(), RawFrame.continuation("fragment2")),
                        "text: fragment1fragment2"),
                exchange("5.6 ping between two text fragments",
                        RawFrame.wire(RawFrame.text("fragment1").more(), RawFrame.ping("ping payload"),
                                RawFrame.continuation("fragment2")),
                        "ping: " + hexOf("ping payload"), "text: fragment1fragment2"),
                exchange("5.x pong between two binary fragments",
                        RawFrame.wire(RawFrame.binary(hex("01 02")).more(), RawFrame.pong("pong payload"),
                                RawFrame.continuation(hex("03"))),
                        "pong: " + hexOf("pong payload"), "binary: [010203]"),
                exchange("5.19 text in five fragments with two pings between them",
                        RawFrame.wire(RawFrame.text("fragment1").more(), RawFrame.continuation("fragment2").more(),
                                RawFrame.ping("pongme 1!"), RawFrame.continuation("fragment3").more(),
                                RawFrame.continuation("fragment4").more(), RawFrame.ping("pongme 2!"),
                                RawFrame.continuation("fragment5")),
                        "ping: " + hexOf("pongme 1!"), "ping: " + hexOf("pongme 2!"),
                        "text: fragment1fragment2fragment3fragment4fragment5"),
                exchange("5.x two fragmented messages back to back",
                        RawFrame.wire(RawFrame.binary(hex("0a")).more(), RawFrame.continuation(hex("0b")),
                                RawFrame.text("x").more(), RawFrame.continuation("y")),
                        "binary: [0a0b]", "text: xy"),
                exchange("6.1.1 empty text message", RawFrame.text("").bytes(), "text: "),
                exchange("6.1.2 text of three empty fragments",
                        RawFrame.wire(RawFrame.text("").more(), RawFrame.continuation("").more(),
                                RawFrame.continuation("")),
                        "text: "),
                exchange("6.1.3 text of an empty, a full and an empty fragment",
                        RawFrame.wire(RawFrame.text("").more(), RawFrame.continuation("middle frame payload").more(),
                                RawFrame.continuation("")),
                        "text: middle frame payload"),
                exchange("1.2.1 empty binary message", RawFrame.binary(new byte[0]).bytes(), "binary: []")));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("fragmentsAndControlFrames")
    void fragmentsAndControlFrames(Exchange exchange, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, exchange.wire());
        assertThat(inbound.events()).containsExactlyElementsOf(exchange.events());
    }

    @ParameterizedTest(name = "5.6 a ping between fragments is delivered at once, before the message completes [{0}]")
    @EnumSource(Feed.class)
    void controlFrameIsDeliveredWhileTheMessageIsIncomplete(Feed feed) {
        Inbound inbound = Inbound.server()
                .feed(feed, RawFrame.wire(RawFrame.text("fragment1").more(), RawFrame.ping("now")));
        assertThat(inbound.events()).containsExactly("ping: " + hexOf("now"));

        inbound.feed(feed, RawFrame.continuation("fragment2").bytes());
        assertThat(inbound.events()).containsExactly("ping: " + hexOf("now"), "text: fragment1fragment2");
    }

    @ParameterizedTest(name = "a message of exactly the message limit, in fragments, is delivered [{0}]")
    @EnumSource(Feed.class)
    void messageOfExactlyTheLimit(Feed feed) {
        byte[] data = Bytes.pattern(100);
        Inbound inbound = Inbound.server(1000, 100).feed(feed, RawFrame.wire(
                RawFrame.binary(Arrays.copyOfRange(data, 0, 60)).more(), RawFrame.ping("x"),
                RawFrame.continuation(Arrays.copyOfRange(data, 60, 100))));
        assertThat(inbound.failure()).isNull();
        assertThat(inbound.binaries()).singleElement().isEqualTo(data);
    }

    // ---------------------------------------------------------------- 6.x UTF-8

    /** A valid UTF-8 payload and the text Java's own literals say it must decode to. */
    record Utf8Case(String name, String payloadHex, String expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> validUtf8() {
        return Feed.each(Stream.of(
                new Utf8Case("6.2.1 \"Hello-µ@ßöäüàá-UTF-8!!\"",
                        Bytes.hex(utf8("Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!")),
                        "Hello-\u00b5@\u00df\u00f6\u00e4\u00fc\u00e0\u00e1-UTF-8!!"),
                new Utf8Case("6.5.3 hello U+20AC world", "68656c6c6f e282ac 776f726c64", "hello\u20acworld"),
                new Utf8Case("6.5.4 hello U+24B62 world", "68656c6c6f f0a4ada2 776f726c64", "hello\ud852\udf62world"),
                new Utf8Case("6.5.5 κόσμε", "ceba e1bdb9 cf83 cebc ceb5", "\u03ba\u1f79\u03c3\u03bc\u03b5"),
                new Utf8Case("6.7.1 U+0000", "00", "\u0000"),
                new Utf8Case("6.7.2 U+0080", "c280", "\u0080"),
                new Utf8Case("6.7.3 U+0800", "e0a080", "\u0800"),
                new Utf8Case("6.7.4 U+10000", "f0908080", "\ud800\udc00"),
                new Utf8Case("6.9.2 U+07FF", "dfbf", "\u07ff"),
                new Utf8Case("6.9.3 U+FFFF", "efbfbf", "\uffff"),
                new Utf8Case("6.9.4 U+10FFFF", "f48fbfbf", "\udbff\udfff"),
                new Utf8Case("6.11.1 U+D7FF, just below the surrogates", "ed9fbf", "\ud7ff"),
                new Utf8Case("6.11.2 U+E000, just above the surrogates", "ee8080", "\ue000"),
                new Utf8Case("6.22.1 noncharacter U+FFFE", "efbfbe", "\ufffe"),
                new Utf8Case("6.23.5 replacement character U+FFFD", "efbfbd", "\ufffd"),
                new Utf8Case("6.x 4-byte emoji U+1F600", "f09f9880", "\ud83d\ude00")));
    }

    @ParameterizedTest(name = "{0} in one frame [{1}]")
    @MethodSource("validUtf8")
    void validUtf8InOneFrame(Utf8Case utf8Case, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, RawFrame.text(hex(utf8Case.payloadHex())).bytes());
        assertThat(inbound.failure()).isNull();
        assertThat(inbound.texts()).containsExactly(utf8Case.expected());
    }

    @ParameterizedTest(name = "6.2.3 {0} in one-octet fragments with a ping after each [{1}]")
    @MethodSource("validUtf8")
    void validUtf8SplitAtEveryOctetAcrossFragmentsAndPings(Utf8Case utf8Case, Feed feed) {
        byte[] payload = hex(utf8Case.payloadHex());
        RawFrame[] frames = new RawFrame[payload.length * 2];
        for (int i = 0; i < payload.length; i++) {
            byte[] octet = {payload[i]};
            boolean last = i == payload.length - 1;
            RawFrame fragment = i == 0 ? RawFrame.text(octet) : RawFrame.continuation(octet);
            frames[2 * i] = last ? fragment : fragment.more();
            frames[2 * i + 1] = RawFrame.ping("#" + i);
        }

        Inbound inbound = Inbound.server().feed(feed, RawFrame.wire(frames));

        assertThat(inbound.failure()).isNull();
        assertThat(inbound.texts()).containsExactly(utf8Case.expected());
        // The message completes with its last fragment, before the ping that follows it.
        assertThat(inbound.events().get(inbound.events().size() - 2)).startsWith("text: ");
    }

    @ParameterizedTest(name = "6.2.4 a 3-byte and a 4-byte character split across fragments, a ping in between [{0}]")
    @EnumSource(Feed.class)
    void characterSplitAcrossFragmentsAroundAPing(Feed feed) {
        // "€" is E2 82 AC; U+1F600 is F0 9F 98 80. Each is cut inside, and a control frame
        // arrives while the validator holds the partial character (§5.4).
        byte[] wire = RawFrame.wire(
                RawFrame.text(hex("41 e2 82")).more(),
                RawFrame.ping("mid-character"),
                RawFrame.continuation(hex("ac f0")).more(),
                RawFrame.pong("still mid-character"),
                RawFrame.continuation(hex("9f 98 80 42")));

        Inbound inbound = Inbound.server().feed(feed, wire);

        assertThat(inbound.events()).containsExactly(
                "ping: " + hexOf("mid-character"), "pong: " + hexOf("still mid-character"),
                "text: A\u20ac\ud83d\ude00B");
    }

    // ---------------------------------------------------------------- 7.x Close

    static Stream<Arguments> validCloseCodes() {
        int[] codes = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 3000, 3999, 4000, 4999};
        return Feed.each(IntStream.range(0, codes.length)
                .mapToObj(i -> new CloseCode("7.7." + (i + 1), codes[i])));
    }

    record CloseCode(String id, int code) {
        @Override
        public String toString() {
            return id + " close code " + code;
        }
    }

    @ParameterizedTest(name = "{0} is delivered to the sink [{1}]")
    @MethodSource("validCloseCodes")
    void validCloseCodesAreDelivered(CloseCode close, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, RawFrame.close(close.code(), "").bytes());
        assertThat(inbound.events()).containsExactly("close: " + close.code() + " ");
        assertThat(inbound.closed()).isTrue();
    }

    static Stream<Arguments> closeFrames() {
        String reason123 = Bytes.ascii(123);
        return Feed.each(Stream.of(
                exchange("7.3.1 empty close reports 1005 and no reason", RawFrame.close(new byte[0]).bytes(),
                        "close: 1005 "),
                exchange("7.3.3 close with a code only", RawFrame.close(1000, "").bytes(), "close: 1000 "),
                exchange("7.3.4 close with a short reason", RawFrame.close(1000, "Hello World!").bytes(),
                        "close: 1000 Hello World!"),
                exchange("7.3.5 close with a 123-byte reason, the most that fits", RawFrame.close(1000, reason123).bytes(),
                        "close: 1000 " + reason123),
                exchange("7.x close with a multi-byte UTF-8 reason", RawFrame.close(4000, "bye \u2603 \ud83d\ude00").bytes(),
                        "close: 4000 bye \u2603 \ud83d\ude00"),
                exchange("7.x close encoded by FrameEncoder.closePayload", RawFrame.close(
                        FrameEncoder.closePayload(1001, "going away")).bytes(), "close: 1001 going away")));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("closeFrames")
    void closeFrames(Exchange exchange, Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, exchange.wire());
        assertThat(inbound.events()).containsExactlyElementsOf(exchange.events());
        assertThat(inbound.closed()).isTrue();
    }

    @ParameterizedTest(name = "7.1.3/7.1.4 nothing after a Close frame is read [{0}]")
    @EnumSource(Feed.class)
    void nothingAfterCloseIsRead(Feed feed) {
        byte[] close = RawFrame.close(1000, "bye").bytes();
        // §5.5.1: after sending a Close frame, the endpoint sends no more data frames.
        byte[] wire = concat(RawFrame.text("before").bytes(), close,
                RawFrame.ping("after").bytes(), RawFrame.text("after").bytes());

        Inbound inbound = Inbound.server().feed(feed, wire);

        assertThat(inbound.events()).containsExactly("text: before", "close: 1000 bye");
        assertThat(inbound.consumed()).isEqualTo(RawFrame.text("before").bytes().length + close.length);
    }

    @ParameterizedTest(name = "7.1.6 a close after a large message and with a ping behind it [{0}]")
    @EnumSource(Feed.class)
    void closeAfterLargeMessage(Feed feed) {
        String large = Bytes.ascii(65536 * 2);
        Inbound inbound = Inbound.server().feed(feed, RawFrame.wire(
                RawFrame.text(large), RawFrame.close(1000, ""), RawFrame.ping("too late")));
        assertThat(inbound.texts()).containsExactly(large);
        assertThat(inbound.events()).containsExactly("text: " + large.length() + " chars", "close: 1000 ");
    }
}
