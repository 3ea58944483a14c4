package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Frames {@link MessageDeflater} sends (RFC 7692 §7.2.1): RSV1, raw DEFLATE with the sync-flush
 * tail removed; the §7.2.3 examples byte for byte; sizes below the minimum and incompressible
 * payloads left plain; with and without context takeover. A client-side {@link Inbound} reads them
 * back, so the two halves agree.
 */
class DeflateOutboundTests {

    private static final byte[] HELLO = Bytes.utf8("Hello");

    @Test
    void helloIsTheRfcExample() {
        byte[] frame = new MessageDeflater(6, 0).frameWithoutContext(Opcode.TEXT, HELLO, 0, HELLO.length);
        // §7.2.3.1: c1 (FIN, RSV1, text), length 7, one compressed block without the 00 00 ff ff tail.
        assertThat(Bytes.hex(frame)).isEqualTo("c107f248cdc9c90700");
    }

    @Test
    void contextTakeoverSharesTheWindowAsInTheRfcExample() {
        MessageDeflater.Context context = new MessageDeflater(6, 0).newContext();
        assertThat(Bytes.hex(context.frame(Opcode.TEXT, HELLO, 0, HELLO.length))).isEqualTo("c107f248cdc9c90700");
        // §7.2.3.2: the second "Hello" refers back to the first.
        assertThat(Bytes.hex(context.frame(Opcode.TEXT, HELLO, 0, HELLO.length))).isEqualTo("c105f200110000");
        context.end();
        assertThat(context.frame(Opcode.TEXT, HELLO, 0, HELLO.length)).as("after end").isNull();
    }

    @Test
    void withoutContextTakeoverEveryMessageIsTheSame() {
        MessageDeflater deflater = new MessageDeflater(6, 0);
        byte[] first = deflater.frameWithoutContext(Opcode.TEXT, HELLO, 0, HELLO.length);
        byte[] second = deflater.frameWithoutContext(Opcode.TEXT, HELLO, 0, HELLO.length);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void payloadBelowTheMinimumOrThatWouldNotShrinkStaysPlain() {
        MessageDeflater deflater = new MessageDeflater(6, 64);
        byte[] small = Bytes.utf8("a".repeat(63));
        assertThat(deflater.frameWithoutContext(Opcode.TEXT, small, 0, small.length)).isNull();
        assertThat(deflater.newContext().frame(Opcode.TEXT, small, 0, small.length)).isNull();
    }

    @Test
    void incompressiblePayloadDoesNotPayButTextDoes() {
        MessageDeflater deflater = new MessageDeflater(6, 0);
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertThat(MessageDeflater.pays(deflater.frameWithoutContext(Opcode.BINARY, random, 0, random.length),
                random.length)).isFalse();
        assertThat(MessageDeflater.pays(deflater.frameWithoutContext(Opcode.TEXT, HELLO, 0, HELLO.length),
                HELLO.length)).as("the RFC's Hello: 7 bytes for 5").isFalse();
        byte[] json = Bytes.utf8("{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"hello hello hello hello\"}");
        assertThat(MessageDeflater.pays(deflater.frameWithoutContext(Opcode.TEXT, json, 0, json.length),
                json.length)).isTrue();
    }

    @Test
    void framesReadBackThroughAnInflaterAtTheBoundaryLengths() {
        MessageDeflater deflater = new MessageDeflater(1, 0);
        MessageDeflater.Context context = deflater.newContext();
        Inbound shared = Inbound.clientWithDeflate(new MessageInflater(false, false));
        Inbound taken = Inbound.clientWithDeflate(new MessageInflater(true, false));
        Random random = new Random(3);
        StringBuilder expected = new StringBuilder();
        for (int length : new int[] {0, 1, 125, 126, 127, 65535, 65536, 300_000}) {
            StringBuilder text = new StringBuilder();
            while (text.length() < length) {
                text.append((char) ('a' + random.nextInt(6)));
            }
            byte[] payload = text.toString().getBytes(StandardCharsets.UTF_8);
            byte[] a = deflater.frameWithoutContext(Opcode.TEXT, payload, 0, payload.length);
            byte[] b = context.frame(Opcode.TEXT, payload, 0, payload.length);
            assertThat(a[0] & 0xFF).as("FIN, RSV1, text").isEqualTo(0xC1);
            shared.feed(Feed.ALL_AT_ONCE, a);
            taken.feed(Feed.HALVES, b);
            expected.append(length).append(' ');
        }
        assertThat(shared.failure()).isNull();
        assertThat(taken.failure()).isNull();
        assertThat(shared.texts()).hasSize(8);
        assertThat(taken.texts()).isEqualTo(shared.texts());
        assertThat(shared.texts().stream().map(t -> t.length() + " ").reduce("", String::concat)).isEqualTo(expected.toString());
    }

    @Test
    void payloadOffsetIsHonoured() {
        byte[] buf = Bytes.concat(hex("00 11 22"), HELLO, hex("33"));
        byte[] frame = new MessageDeflater(6, 0).frameWithoutContext(Opcode.TEXT, buf, 3, HELLO.length);
        assertThat(Arrays.copyOfRange(frame, 2, frame.length)).isEqualTo(hex("f2 48 cd c9 c9 07 00"));
    }
}
