package io.roomwire.websocket.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.CRC32;

/** Byte-array helpers for tests: hex literals, UTF-8, concatenation, deterministic payloads. */
final class Bytes {

    private static final HexFormat HEX = HexFormat.of();

    private Bytes() {
    }

    /** Parses hex such as {@code "81 05 48 65 6c 6c 6f"}; spaces are ignored. */
    static byte[] hex(String spaced) {
        return HEX.parseHex(spaced.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** {@code n} bytes that are not all alike and cover every octet value: a payload for length tests. */
    static byte[] pattern(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) (i * 131 + (i >>> 8) * 7 + 3);
        }
        return bytes;
    }

    /** {@code n} printable ASCII characters, for text messages of a given byte length. */
    static String ascii(int n) {
        StringBuilder text = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            text.append((char) (' ' + (i * 7) % 95));
        }
        return text.toString();
    }

    /** A short readable form: the bytes in hex when few, else their length and CRC-32. */
    static String describe(byte[] bytes) {
        if (bytes.length <= 32) {
            return "[" + hex(bytes) + "]";
        }
        CRC32 crc = new CRC32();
        crc.update(bytes);
        return "[" + bytes.length + " bytes, crc32 " + Long.toHexString(crc.getValue()) + "]";
    }
}
