package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.Masking;

import java.util.Arrays;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * RFC 6455 §5.3 unmasking in place: {@link Masking#apply} (eight bytes at a time through a long
 * VarHandle, then a byte tail) against the textbook byte-at-a-time loop. The payload is unmasked at
 * key phase 0 as the parser does for a payload that arrives whole, and at phase 1 from offset 1 (an
 * unaligned piece, as after a read that split the payload). One op is one payload.
 */
public class MaskingBench extends QuickDefaults {

    @Param({"16", "125", "1024", "65536"})
    int payloadBytes;

    private final byte[] key = {(byte) 0x37, (byte) 0xfa, (byte) 0x21, (byte) 0x3d};
    private byte[] data;

    @Setup(Level.Trial)
    public void setup() {
        // One spare byte so the unaligned variant covers the same number of bytes.
        data = Arrays.copyOf(Payloads.text("ascii", payloadBytes), payloadBytes + 1);
        byte[] fast = data.clone();
        byte[] slow = data.clone();
        Masking.apply(fast, 1, payloadBytes, key, 1);
        byteLoop(slow, 1, payloadBytes, key, 1);
        if (!Arrays.equals(fast, slow) || Arrays.equals(fast, data)) {
            throw Payloads.fail("Masking.apply disagrees with the byte loop");
        }
    }

    @Benchmark
    public void maskingApply(Blackhole bh) {
        Masking.apply(data, 0, payloadBytes, key, 0);
        bh.consume(data);
    }

    @Benchmark
    public void maskingApplyUnaligned(Blackhole bh) {
        Masking.apply(data, 1, payloadBytes, key, 1);
        bh.consume(data);
    }

    /** Baseline: §5.3 written out, one byte a step. */
    @Benchmark
    public void baselineByteLoop(Blackhole bh) {
        byteLoop(data, 0, payloadBytes, key, 0);
        bh.consume(data);
    }

    private static void byteLoop(byte[] data, int off, int len, byte[] key, long keyIndex) {
        for (int i = 0; i < len; i++) {
            data[off + i] ^= key[(int) ((keyIndex + i) & 3)];
        }
    }
}
