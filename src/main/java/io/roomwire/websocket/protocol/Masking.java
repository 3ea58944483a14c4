package io.roomwire.websocket.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** RFC 6455 §5.3 masking: XOR with a 4-byte key, eight bytes at a time. Stateless. */
public final class Masking {

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private Masking() {
    }

    /**
     * XORs {@code data[off, off+len)} with the key, where {@code data[off]} is octet
     * {@code keyIndex} of the payload ({@code j = i MOD 4} in §5.3), so a payload can be unmasked
     * in pieces as it arrives.
     */
    public static void apply(byte[] data, int off, int len, byte[] key, long keyIndex) {
        int phase = (int) (keyIndex & 3);
        int i = 0;
        if (len >= 8) {
            long mask = 0;
            for (int b = 7; b >= 0; b--) {
                mask = (mask << 8) | (key[(phase + b) & 3] & 0xFFL);
            }
            // Each step moves 8 bytes, a multiple of 4, so the key phase is unchanged.
            for (; i + 8 <= len; i += 8) {
                int at = off + i;
                LONGS.set(data, at, (long) LONGS.get(data, at) ^ mask);
            }
        }
        for (; i < len; i++) {
            data[off + i] ^= key[(phase + i) & 3];
        }
    }
}
