package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.roomwire.testsupport.ClientDeflate;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compressed messages as a server receives them (RFC 7692 §6, §7.2.2): the §7.2.3 examples, the
 * RSV1 rules, the size limit on the inflated bytes (a zip bomb stops early), UTF-8 checked after
 * inflating. Every wire case runs whole, byte by byte and in halves, masked as a client sends it.
 */
class DeflateInboundTests {

    /** RFC 7692 §7.2.3.1: "Hello" in one compressed DEFLATE block. */
    static final byte[] HELLO = hex("f2 48 cd c9 c9 07 00");
    /** §7.2.3.2: the second "Hello" when the window is shared with the first. */
    static final byte[] HELLO_AGAIN = hex("f2 00 11 00 00");
    /** §7.2.3.3: a DEFLATE block with no compression. */
    static final byte[] HELLO_STORED = hex("00 05 00 fa ff 48 65 6c 6c 6f 00");
    /** §7.2.3.4: a block with BFINAL set to 1. */
    static final byte[] HELLO_BFINAL = hex("f3 48 cd c9 c9 07 00 00");
    /** §7.2.3.5: two DEFLATE blocks in one message. */
    static final byte[] HELLO_TWO_BLOCKS = hex("f2 48 05 00 00 00 ff ff ca c9 c9 07 00");
    /** §7.2.3.6: an empty message. */
    static final byte[] EMPTY = hex("00");

    private static Inbound server() {
        return Inbound.deflateServer(new MessageInflater(true, false), Inbound.LIMIT);
    }

    record Case(String name, byte[] wire, List<String> events) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> rfcExamples() {
        return Feed.each(Stream.of(
                new Case("§7.2.3.1 one compressed block", RawFrame.text(HELLO).rsv(4).bytes(), List.of("text: Hello")),
                new Case("§7.2.3.1 fragmented", RawFrame.wire(RawFrame.text(hex("f2 48 cd")).rsv(4).more(),
                        RawFrame.continuation(hex("c9 c9 07 00"))), List.of("text: Hello")),
                new Case("§7.2.3.2 two messages sharing the window", RawFrame.wire(RawFrame.text(HELLO).rsv(4),
                        RawFrame.text(HELLO_AGAIN).rsv(4)), List.of("text: Hello", "text: Hello")),
                new Case("§7.2.3.3 no compression", RawFrame.text(HELLO_STORED).rsv(4).bytes(), List.of("text: Hello")),
                new Case("§7.2.3.4 BFINAL set", RawFrame.text(HELLO_BFINAL).rsv(4).bytes(), List.of("text: Hello")),
                new Case("§7.2.3.5 two blocks", RawFrame.text(HELLO_TWO_BLOCKS).rsv(4).bytes(), List.of("text: Hello")),
                new Case("§7.2.3.6 empty message", RawFrame.text(EMPTY).rsv(4).bytes(), List.of("text: ")),
                new Case("compressed binary with a Ping between its fragments",
                        RawFrame.wire(RawFrame.binary(hex("f2 48 cd")).rsv(4).more(), RawFrame.ping("p"),
                                RawFrame.continuation(hex("c9 c9 07 00"))),
                        List.of("ping: [70]", "binary: [48656c6c6f]")),
                new Case("plain and compressed messages mixed",
                        RawFrame.wire(RawFrame.text("plain"), RawFrame.text(HELLO).rsv(4), RawFrame.text("again")),
                        List.of("text: plain", "text: Hello", "text: again"))));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("rfcExamples")
    void rfcExamplesInflate(Case c, Feed feed) {
        assertThat(server().feed(feed, c.wire()).events()).containsExactlyElementsOf(c.events());
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Feed.class)
    void withoutClientContextTakeoverEachMessageStandsAlone(Feed feed) {
        MessageInflater inflater = new MessageInflater(false, true);
        Inbound inbound = Inbound.deflateServer(inflater, Inbound.LIMIT)
                .feed(feed, RawFrame.wire(RawFrame.text(HELLO).rsv(4), RawFrame.text(HELLO).rsv(4)));
        assertThat(inbound.events()).containsExactly("text: Hello", "text: Hello");
        assertThat(inflater.holdsInflater()).as("released between messages: no zlib memory while idle").isFalse();
    }

    @Test
    void closeEndsTheInflater() {
        MessageInflater inflater = new MessageInflater(true, false);
        Inbound.deflateServer(inflater, Inbound.LIMIT).feed(Feed.ALL_AT_ONCE, RawFrame.text(HELLO).rsv(4).bytes());
        assertThat(inflater.holdsInflater()).isTrue();
        inflater.close();
        assertThat(inflater.holdsInflater()).isFalse();
    }

    @Test
    void noInflaterUntilACompressedMessageArrives() {
        MessageInflater inflater = new MessageInflater(true, false);
        Inbound.deflateServer(inflater, Inbound.LIMIT).feed(Feed.ALL_AT_ONCE, RawFrame.text("plain").bytes());
        assertThat(inflater.holdsInflater()).isFalse();
    }

    static Stream<Arguments> violations() {
        byte[] badUtf8 = deflate(new byte[] {'a', (byte) 0xC3, 'b'});
        return Feed.each(Stream.of(
                new Case("RSV1 on a continuation frame", RawFrame.wire(RawFrame.text(hex("f2 48 cd")).rsv(4).more(),
                        RawFrame.continuation(hex("c9 c9 07 00")).rsv(4)), List.of("fail: 1002")),
                new Case("RSV1 on a Ping", RawFrame.ping("x").rsv(4).bytes(), List.of("fail: 1002")),
                new Case("RSV2 is still reserved", RawFrame.text(HELLO).rsv(2).bytes(), List.of("fail: 1002")),
                new Case("invalid DEFLATE data", RawFrame.text(hex("ff ff ff ff")).rsv(4).bytes(), List.of("fail: 1007")),
                new Case("invalid UTF-8 once inflated", RawFrame.text(badUtf8).rsv(4).bytes(), List.of("fail: 1007"))));
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("violations")
    void violationsFailWithTheirCode(Case c, Feed feed) {
        assertThat(server().feed(feed, c.wire()).events()).containsExactlyElementsOf(c.events());
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Feed.class)
    void compressedFrameWithoutNegotiationFails1002(Feed feed) {
        Inbound inbound = Inbound.server().feed(feed, RawFrame.text(HELLO).rsv(4).bytes());
        assertThat(inbound.events()).containsExactly("fail: 1002");
    }

    @ParameterizedTest(name = "[{0}]")
    @EnumSource(Feed.class)
    void limitAppliesToInflatedBytes(Feed feed) {
        byte[] exactly = new byte[1000];
        byte[] over = new byte[1001];
        Inbound fits = Inbound.deflateServer(new MessageInflater(true, false), 1000)
                .feed(feed, RawFrame.binary(deflate(exactly)).rsv(4).bytes());
        assertThat(fits.events()).containsExactly("binary: " + Bytes.describe(exactly));
        Inbound tooBig = Inbound.deflateServer(new MessageInflater(true, false), 1000)
                .feed(feed, RawFrame.binary(deflate(over)).rsv(4).bytes());
        assertThat(tooBig.events()).containsExactly("fail: 1009");
    }

    @Test
    void zipBombStopsAtTheLimitWithBoundedWorkAndMemory() {
        // About 64 KB that would inflate to 64 MB, in 16 frames: 1 GB in all.
        byte[] block = deflateSegment(64 << 20);
        assertThat(block.length).isLessThan(70_000);
        int frames = 16;
        long limit = 64 * 1024;
        Inbound inbound = Inbound.deflateServer(new MessageInflater(true, false), limit);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        long start = System.nanoTime();
        for (int i = 0; i < frames && inbound.failure() == null; i++) {
            RawFrame frame = i == 0 ? RawFrame.binary(block).rsv(4) : RawFrame.continuation(block);
            inbound.feed(Feed.ALL_AT_ONCE, (i < frames - 1 ? frame.more() : frame).bytes());
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        assertThat(inbound.events()).containsExactly("fail: 1009");
        assertThat(inbound.failure().reason()).contains("inflated");
        // The frames themselves are about 2 x 70 KB to build and parse; the output buffer stays at
        // the 64 KB limit. Nothing near the 64 MB the first frame alone expands to.
        assertThat(allocated).as("bytes allocated").isLessThan(2L << 20);
        assertThat(System.nanoTime() - start).as("nanoseconds").isLessThan(2_000_000_000L);
    }

    @Test
    void largeMessageRoundTripsThroughTheDeflaterAcrossFrames() {
        Random random = new Random(7);
        StringBuilder text = new StringBuilder();
        while (text.length() < 200_000) {
            text.append("message ").append(random.nextInt(1000)).append(" héllo ✓ ");
        }
        byte[] compressed = deflate(text.toString().getBytes(StandardCharsets.UTF_8));
        int third = compressed.length / 3;
        byte[] wire = RawFrame.wire(RawFrame.text(Arrays.copyOfRange(compressed, 0, third)).rsv(4).more(),
                RawFrame.continuation(Arrays.copyOfRange(compressed, third, 2 * third)).more(),
                RawFrame.continuation(Arrays.copyOfRange(compressed, 2 * third, compressed.length)));
        for (Feed feed : Feed.values()) {
            Inbound inbound = server().feed(feed, wire);
            assertThat(inbound.texts()).as(feed.name()).containsExactly(text.toString());
        }
    }

    /** What a client sends: raw DEFLATE, sync-flushed, the 00 00 FF FF tail removed (§7.2.1). */
    static byte[] deflate(byte[] data) {
        return ClientDeflate.deflate(data);
    }

    /** {@code zeros} zero bytes deflated without a tail, built a megabyte at a time. */
    private static byte[] deflateSegment(int zeros) {
        Deflater deflater = new Deflater(9, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[1 << 20];
        byte[] buf = new byte[8192];
        for (int i = 0; i < zeros / chunk.length; i++) {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
            }
        }
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }
}
