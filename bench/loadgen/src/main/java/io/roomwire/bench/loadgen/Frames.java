package io.roomwire.bench.loadgen;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** RFC 6455 bits a client needs: masked frames, the handshake key and accept value, byte scanning. */
final class Frames {

    static final int OP_CONT = 0x0;
    static final int OP_TEXT = 0x1;
    static final int OP_BINARY = 0x2;
    static final int OP_CLOSE = 0x8;
    static final int OP_PING = 0x9;
    static final int OP_PONG = 0xA;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private Frames() {
    }

    /** A single final, masked client frame carrying {@code payload[0..len)}. */
    static ByteBuffer masked(int opcode, byte[] payload, int len) {
        int header = 2 + (len < 126 ? 0 : len <= 0xFFFF ? 2 : 8) + 4;
        byte[] f = new byte[header + len];
        int p = 0;
        f[p++] = (byte) (0x80 | opcode);
        if (len < 126) {
            f[p++] = (byte) (0x80 | len);
        } else if (len <= 0xFFFF) {
            f[p++] = (byte) (0x80 | 126);
            f[p++] = (byte) (len >>> 8);
            f[p++] = (byte) len;
        } else {
            f[p++] = (byte) (0x80 | 127);
            long l = len;
            for (int s = 56; s >= 0; s -= 8) {
                f[p++] = (byte) (l >>> s);
            }
        }
        int mask = ThreadLocalRandom.current().nextInt();
        byte m0 = (byte) (mask >>> 24);
        byte m1 = (byte) (mask >>> 16);
        byte m2 = (byte) (mask >>> 8);
        byte m3 = (byte) mask;
        f[p++] = m0;
        f[p++] = m1;
        f[p++] = m2;
        f[p++] = m3;
        int i = 0;
        for (; i + 3 < len; i += 4) {
            f[p++] = (byte) (payload[i] ^ m0);
            f[p++] = (byte) (payload[i + 1] ^ m1);
            f[p++] = (byte) (payload[i + 2] ^ m2);
            f[p++] = (byte) (payload[i + 3] ^ m3);
        }
        for (; i < len; i++) {
            byte m = switch (i & 3) {
                case 0 -> m0;
                case 1 -> m1;
                case 2 -> m2;
                default -> m3;
            };
            f[p++] = (byte) (payload[i] ^ m);
        }
        return ByteBuffer.wrap(f);
    }

    static ByteBuffer maskedText(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return masked(OP_TEXT, b, b.length);
    }

    static ByteBuffer close(int code) {
        byte[] b = {(byte) (code >>> 8), (byte) code};
        return masked(OP_CLOSE, b, 2);
    }

    static String newKey() {
        byte[] k = new byte[16];
        ThreadLocalRandom.current().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static String acceptFor(String key) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] d = sha1.digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Whether {@code a[at..)} starts with {@code pattern}, within {@code end}. */
    static boolean matchAt(byte[] a, int at, int end, byte[] pattern) {
        if (at < 0 || at + pattern.length > end) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (a[at + i] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    /** Index just past the first {@code pattern} in {@code a[from..end)}, or -1. */
    static int after(byte[] a, int from, int end, byte[] pattern) {
        byte first = pattern[0];
        for (int i = from, last = end - pattern.length; i <= last; i++) {
            if (a[i] == first && matchAt(a, i, end, pattern)) {
                return i + pattern.length;
            }
        }
        return -1;
    }

    /** The non-negative decimal at {@code a[at..)}, or -1 when there is none. */
    static long digits(byte[] a, int at, int end) {
        if (at < 0 || at >= end || a[at] < '0' || a[at] > '9') {
            return -1;
        }
        long v = 0;
        for (int i = at; i < end; i++) {
            byte c = a[i];
            if (c < '0' || c > '9') {
                return v;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The JSON string value starting at {@code a[at]} (just after the opening quote), unescaped only trivially. */
    static String stringAt(byte[] a, int at, int end) {
        if (at < 0) {
            return null;
        }
        int i = at;
        while (i < end && a[i] != '"') {
            if (a[i] == '\\') {
                i++;
            }
            i++;
        }
        return new String(a, at, Math.min(i, end) - at, StandardCharsets.UTF_8);
    }
}
