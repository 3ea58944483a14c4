package io.roomwire.websocket.protocol;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Streaming UTF-8 validation (RFC 3629) for RFC 6455 §8.1: text is checked piece by piece as it
 * arrives, so an invalid sequence fails the connection mid-frame, and the state carries across
 * fragments and across control frames interleaved between them (§5.4).
 *
 * <p>The automaton is Bjoern Hoehrmann's DFA: bytes map to character classes, classes and state
 * map to the next state; state 0 accepts, state 12 rejects. It rejects overlong forms, UTF-16
 * surrogates (U+D800-U+DFFF) and code points above U+10FFFF. Not thread-safe: one per message
 * stream.
 */
public final class Utf8Validator {

    private static final int ACCEPT = 0;
    private static final int REJECT = 12;
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] CLASSES = new byte[256];
    private static final byte[] TRANSITIONS = {
        0, 12, 24, 36, 60, 96, 84, 12, 12, 12, 48, 72, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
        12, 0, 12, 12, 12, 12, 12, 0, 12, 0, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 24, 12, 12, 12, 12, 12, 12, 12, 24, 12, 12,
        12, 12, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12, 12, 36, 12, 12, 12, 12, 12, 36, 12, 36, 12, 12,
        12, 36, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12,
    };

    static {
        fill(0x80, 0x8F, 1);
        fill(0x90, 0x9F, 9);
        fill(0xA0, 0xBF, 7);
        fill(0xC0, 0xC1, 8);
        fill(0xC2, 0xDF, 2);
        fill(0xE0, 0xE0, 10);
        fill(0xE1, 0xEC, 3);
        fill(0xED, 0xED, 4);
        fill(0xEE, 0xEF, 3);
        fill(0xF0, 0xF0, 11);
        fill(0xF1, 0xF3, 6);
        fill(0xF4, 0xF4, 5);
        fill(0xF5, 0xFF, 8);
    }

    private static void fill(int from, int to, int characterClass) {
        for (int b = from; b <= to; b++) {
            CLASSES[b] = (byte) characterClass;
        }
    }

    private int state = ACCEPT;

    /** Feeds bytes; returns false as soon as they cannot be part of valid UTF-8. */
    public boolean update(byte[] data, int from, int to) {
        int s = state;
        int i = from;
        while (i < to) {
            if (s == ACCEPT) {
                // ASCII fast path, eight bytes per step: no byte of the word has its top bit set.
                while (i + Long.BYTES <= to && ((long) LONGS.get(data, i) & HIGH_BITS) == 0) {
                    i += Long.BYTES;
                }
                if (i == to) {
                    break;
                }
            }
            int b = data[i++];
            if (b >= 0 && s == ACCEPT) {
                continue;
            }
            s = TRANSITIONS[s + CLASSES[b & 0xFF]];
            if (s == REJECT) {
                state = REJECT;
                return false;
            }
        }
        state = s;
        return true;
    }

    /** True when everything fed so far ends on a character boundary (a message may end here). */
    public boolean isComplete() {
        return state == ACCEPT;
    }

    public void reset() {
        state = ACCEPT;
    }

    /** One-shot check of a whole buffer. */
    public static boolean isValid(byte[] data, int from, int to) {
        Utf8Validator v = new Utf8Validator();
        return v.update(data, from, to) && v.isComplete();
    }

    @Override
    public String toString() {
        return "Utf8Validator[state=" + state + "]";
    }
}
