package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.FrameEncoder;
import io.roomwire.websocket.protocol.Opcode;
import io.roomwire.websocket.protocol.Utf8Validator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Deterministic test data shared by the benchmarks: chat-like text of an exact UTF-8 size, and client frames. */
final class Payloads {

    /** What a chat client sends, repeated: ASCII only, one byte a character. */
    private static final String ASCII_CHAT =
            "{\"type\":\"chat\",\"room\":\"lobby\",\"text\":\"hello everyone, see you at the standup at 10:30\"} ";

    /** Chinese (3 bytes), emoji (4 bytes, a surrogate pair in Java), Latin and Cyrillic (2 bytes) and ASCII. */
    private static final String MIXED_CHAT = "大家好，今天的会议改到下午三点 😀🎉👍 déjà vu, привет мир! ";

    private Payloads() {
    }

    /** Text of exactly {@code size} UTF-8 bytes; {@code kind} is "ascii" or "mixed". */
    static byte[] text(String kind, int size) {
        String pattern = switch (kind) {
            case "ascii" -> ASCII_CHAT;
            case "mixed" -> MIXED_CHAT;
            default -> throw new IllegalArgumentException("Unknown text kind " + kind);
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream(size);
        // Whole code points while they fit, then ASCII padding, so the text ends on a character boundary.
        for (int i = 0; ; i = pattern.offsetByCodePoints(i, 1) % pattern.length()) {
            byte[] cp = new String(Character.toChars(pattern.codePointAt(i))).getBytes(StandardCharsets.UTF_8);
            if (out.size() + cp.length > size) {
                break;
            }
            out.writeBytes(cp);
        }
        while (out.size() < size) {
            out.write('.');
        }
        byte[] bytes = out.toByteArray();
        if (bytes.length != size || !Utf8Validator.isValid(bytes, 0, size)) {
            throw new IllegalStateException("Bad " + kind + " text of " + bytes.length + " bytes");
        }
        return bytes;
    }

    /** {@code count} masked client text frames carrying {@code payload}, each with its own key, back to back. */
    static byte[] maskedTextFrames(byte[] payload, int count) {
        Random random = new Random(6455);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < count; i++) {
            byte[] key = new byte[4];
            random.nextBytes(key);
            out.writeBytes(FrameEncoder.frame(true, Opcode.TEXT, payload, 0, payload.length, key));
        }
        return out.toByteArray();
    }

    static IllegalStateException fail(String what) {
        return new IllegalStateException("Benchmark input rejected or mis-parsed: " + what);
    }
}
