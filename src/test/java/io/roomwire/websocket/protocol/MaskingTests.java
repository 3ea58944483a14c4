package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * RFC 6455 §5.3 masking: "octet i of the transformed data is the XOR of octet i of the original
 * data with octet at index i modulo 4 of the masking key". The eight-at-a-time path must agree with
 * that sentence for every length, position and key phase.
 */
class MaskingTests {

    private static final byte[] KEY = {(byte) 0x37, (byte) 0xfa, (byte) 0x21, (byte) 0x3d};

    private static byte[] naive(byte[] data, int off, int len, byte[] key, long keyIndex) {
        byte[] out = data.clone();
        for (int i = 0; i < len; i++) {
            out[off + i] = (byte) (data[off + i] ^ key[(int) ((keyIndex + i) % 4)]);
        }
        return out;
    }

    @ParameterizedTest(name = "key index {0}")
    @ValueSource(longs = {0, 1, 2, 3, 4, 7, (1L << 33) + 2})
    void matchesByteByByteXorForEveryLengthAndOffset(long keyIndex) {
        Random random = new Random(keyIndex);
        for (int len = 0; len <= 40; len++) {
            for (int off = 0; off <= 3; off++) {
                byte[] data = new byte[off + len + 5];
                random.nextBytes(data);
                byte[] expected = naive(data, off, len, KEY, keyIndex);

                Masking.apply(data, off, len, KEY, keyIndex);

                // Bytes outside [off, off + len) are part of the expectation and must not change.
                if (!Arrays.equals(data, expected)) {
                    throw new AssertionError("len " + len + ", off " + off + ", key index " + keyIndex);
                }
            }
        }
    }

    @Test
    void applyingTwiceRestoresTheInput() {
        Random random = new Random(5);
        for (int len = 0; len <= 40; len++) {
            for (int phase = 0; phase < 4; phase++) {
                byte[] original = new byte[len + 3];
                random.nextBytes(original);
                byte[] data = original.clone();

                Masking.apply(data, 3, len, KEY, phase);
                if (len >= 4) {
                    assertThat(data).isNotEqualTo(original);
                }
                Masking.apply(data, 3, len, KEY, phase);

                assertThat(data).as("len %d, phase %d", len, phase).isEqualTo(original);
            }
        }
    }

    @Test
    void maskingInPiecesEqualsMaskingAtOnce() {
        // How the parser unmasks a payload that arrives in arbitrary pieces.
        byte[] payload = Bytes.pattern(1000);
        byte[] whole = payload.clone();
        Masking.apply(whole, 0, whole.length, KEY, 0);

        byte[] pieces = payload.clone();
        int at = 0;
        for (int size : new int[] {1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233}) {
            Masking.apply(pieces, at, size, KEY, at);
            at += size;
        }
        Masking.apply(pieces, at, pieces.length - at, KEY, at);

        assertThat(pieces).isEqualTo(whole).isEqualTo(naive(payload, 0, payload.length, KEY, 0));
    }

    @Test
    void rfcExampleHello() {
        // §5.7: "Hello" masked with 37 fa 21 3d is 7f 9f 4d 51 58.
        byte[] data = Bytes.utf8("Hello");
        Masking.apply(data, 0, data.length, KEY, 0);
        assertThat(data).isEqualTo(Bytes.hex("7f 9f 4d 51 58"));
    }
}
