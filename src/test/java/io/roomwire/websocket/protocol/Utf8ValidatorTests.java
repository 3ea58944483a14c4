package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Streaming UTF-8 validation (RFC 3629, RFC 6455 §8.1): the Autobahn 6.x sequences, agreement with
 * the JDK's strict decoder on thousands of random inputs, and the same verdict however the bytes
 * are split.
 */
class Utf8ValidatorTests {

    private static boolean valid(byte[] bytes) {
        return Utf8Validator.isValid(bytes, 0, bytes.length);
    }

    /** The reference: the JDK decoder, reporting malformed input instead of replacing it. */
    private final CharsetDecoder jdk = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    private boolean jdkSaysValid(byte[] bytes) {
        try {
            jdk.decode(ByteBuffer.wrap(bytes)); // resets the decoder first
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** Feeds {@code [0, split)} and then {@code [split, n)} to one validator. */
    private static boolean validInTwoPieces(byte[] bytes, int split) {
        Utf8Validator v = new Utf8Validator();
        return v.update(bytes, 0, split) && v.update(bytes, split, bytes.length) && v.isComplete();
    }

    private static boolean validByteByByte(byte[] bytes) {
        Utf8Validator v = new Utf8Validator();
        for (int i = 0; i < bytes.length; i++) {
            if (!v.update(bytes, i, i + 1)) {
                return false;
            }
        }
        return v.isComplete();
    }

    // ---------------------------------------------------------------- known sequences

    @ParameterizedTest(name = "valid: {0}")
    @ValueSource(strings = {
        "", "00", "7f", "48656c6c6f",
        "c280", "dfbf", // first and last 2-byte
        "e0a080", "efbfbf", // first 3-byte, U+FFFF
        "ed9fbf", "ee8080", // either side of the surrogates
        "f0908080", "f48fbfbf", // first 4-byte, U+10FFFF
        "f09f9880", // U+1F600 emoji
        "efbfbe", "efbfbd", // noncharacter U+FFFE, replacement character
        "cebae1bdb9cf83cebcceb5", // κόσμε
    })
    void acceptsValidSequences(String hex) {
        assertThat(valid(hex(hex))).isTrue();
        assertThat(jdkSaysValid(hex(hex))).as("reference").isTrue();
    }

    @ParameterizedTest(name = "invalid: {0}")
    @ValueSource(strings = {
        "c080", "c1bf", "e08080", "e09fbf", "f0808080", "f08fbfbf", // overlong forms
        "eda080", "edbfbf", "eda080edb080", // UTF-16 surrogates, single and paired
        "f4908080", "f7bfbfbf", // above U+10FFFF
        "f5", "f5808080", "f8888080 80", "fc8480808080", "fe", "ff", // bytes that never appear in UTF-8
        "80", "bf", "80bf80", // lone continuation bytes
        "c2", "e0a0", "f09098", "cebae1", // truncated sequences
        "c241", "e0a041", "f0909041", // a sequence interrupted by ASCII
        "48656c6c6fed a080", // valid text, then a surrogate
    })
    void rejectsInvalidSequences(String hex) {
        assertThat(valid(hex(hex))).isFalse();
        assertThat(jdkSaysValid(hex(hex))).as("reference").isFalse();
    }

    @Test
    void rejectsTheFirstBadOctetAtOnceAndStaysRejected() {
        Utf8Validator v = new Utf8Validator();
        assertThat(v.update(hex("ce ba e1 bd b9 cf 83 ce bc ce b5 f4"), 0, 12)).isTrue();
        assertThat(v.isComplete()).isFalse();

        assertThat(v.update(hex("90"), 0, 1)).as("0x90 after F4 is past U+10FFFF").isFalse();
        assertThat(v.update(hex("41"), 0, 1)).as("ASCII after a rejection").isFalse();
        assertThat(v.isComplete()).isFalse();

        v.reset();
        assertThat(v.update(hex("41"), 0, 1)).isTrue();
        assertThat(v.isComplete()).isTrue();
    }

    @Test
    void checksOnlyTheGivenRange() {
        byte[] bytes = hex("ff 48 69 ff");
        assertThat(Utf8Validator.isValid(bytes, 1, 3)).isTrue();
        assertThat(Utf8Validator.isValid(bytes, 0, 3)).isFalse();
        assertThat(Utf8Validator.isValid(bytes, 1, 4)).isFalse();
        assertThat(Utf8Validator.isValid(bytes, 2, 2)).isTrue();
    }

    // ---------------------------------------------------------------- exhaustive and property checks

    @Test
    void everyCodePointEncodesToValidUtf8AndEverySurrogateToInvalid() {
        for (int cp = 0; cp <= 0x10FFFF; cp++) {
            byte[] encoded = encode(cp);
            boolean surrogate = cp >= 0xD800 && cp <= 0xDFFF;
            if (valid(encoded) == surrogate) {
                throw new AssertionError(String.format("U+%04X (%s) judged %s", cp, Bytes.hex(encoded),
                        surrogate ? "valid" : "invalid"));
            }
        }
        // Past the last code point, with the same bit pattern.
        assertThat(valid(encode(0x110000))).isFalse();
        assertThat(valid(encode(0x1FFFFF))).isFalse();
    }

    /** The RFC 3629 bit layout, written out here rather than trusted to the JDK. */
    private static byte[] encode(int cp) {
        if (cp < 0x80) {
            return new byte[] {(byte) cp};
        }
        if (cp < 0x800) {
            return new byte[] {(byte) (0xC0 | cp >> 6), (byte) (0x80 | cp & 0x3F)};
        }
        if (cp < 0x10000) {
            return new byte[] {(byte) (0xE0 | cp >> 12), (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
        }
        return new byte[] {(byte) (0xF0 | cp >> 18), (byte) (0x80 | cp >> 12 & 0x3F),
            (byte) (0x80 | cp >> 6 & 0x3F), (byte) (0x80 | cp & 0x3F)};
    }

    @Test
    void agreesWithTheJdkOnEveryOneAndTwoByteInput() {
        for (int a = 0; a < 256; a++) {
            byte[] one = {(byte) a};
            assertThat(valid(one)).as("%02x", a).isEqualTo(jdkSaysValid(one));
            for (int b = 0; b < 256; b++) {
                byte[] two = {(byte) a, (byte) b};
                if (valid(two) != jdkSaysValid(two)) {
                    throw new AssertionError(String.format("%02x %02x: validator %s, JDK %s", a, b, valid(two),
                            jdkSaysValid(two)));
                }
            }
        }
    }

    /**
     * A few thousand inputs from a fixed seed, built to land on both sides of the line: random
     * octets weighted towards lead and continuation bytes, and valid text with one octet changed.
     */
    private static List<byte[]> randomInputs() {
        Random random = new Random(6455);
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            if (i % 2 == 0) {
                byte[] bytes = new byte[random.nextInt(13)];
                for (int j = 0; j < bytes.length; j++) {
                    bytes[j] = (byte) switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0x80); // ASCII
                        case 1 -> 0x80 + random.nextInt(0x40); // continuation
                        case 2 -> 0xC0 + random.nextInt(0x40); // lead byte or never-valid
                        default -> random.nextInt(256);
                    };
                }
                inputs.add(bytes);
            } else {
                ByteArrayOutputStream text = new ByteArrayOutputStream();
                int characters = random.nextInt(6);
                for (int j = 0; j < characters; j++) {
                    int cp = switch (random.nextInt(4)) {
                        case 0 -> random.nextInt(0x80);
                        case 1 -> 0x80 + random.nextInt(0x800 - 0x80);
                        case 2 -> 0x800 + random.nextInt(0x10000 - 0x800);
                        default -> 0x10000 + random.nextInt(0x110000 - 0x10000);
                    };
                    if (cp < 0xD800 || cp > 0xDFFF) {
                        text.writeBytes(encode(cp));
                    }
                }
                byte[] bytes = text.toByteArray();
                if (bytes.length > 0 && random.nextInt(3) > 0) {
                    bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                }
                inputs.add(bytes);
            }
        }
        return inputs;
    }

    @Test
    void agreesWithTheJdkDecoderOnRandomInput() {
        int validCount = 0;
        for (byte[] bytes : randomInputs()) {
            boolean expected = jdkSaysValid(bytes);
            assertThat(valid(bytes)).as("%s", Bytes.hex(bytes)).isEqualTo(expected);
            validCount += expected ? 1 : 0;
        }
        // The inputs must exercise both verdicts for the comparison to mean anything.
        assertThat(validCount).isBetween(800, 3200);
    }

    @Test
    void theVerdictDoesNotDependOnWhereTheInputIsSplit() {
        for (byte[] bytes : randomInputs()) {
            boolean whole = valid(bytes);
            for (int split = 0; split <= bytes.length; split++) {
                if (validInTwoPieces(bytes, split) != whole) {
                    throw new AssertionError(Bytes.hex(bytes) + " split at " + split + " is not " + whole);
                }
            }
            assertThat(validByteByByte(bytes)).as("%s byte by byte", Bytes.hex(bytes)).isEqualTo(whole);
        }
    }

    /** The ASCII fast path reads eight bytes at a time: a bad or multi-byte octet at any offset of a word is seen. */
    @Test
    void aNonAsciiOctetIsJudgedAtEveryOffsetAfterAnAsciiRun() {
        byte[] euro = {(byte) 0xE2, (byte) 0x82, (byte) 0xAC};
        for (int prefix = 0; prefix <= 24; prefix++) {
            for (int suffix = 0; suffix <= 9; suffix++) {
                byte[] bad = new byte[prefix + 1 + suffix];
                java.util.Arrays.fill(bad, (byte) 'a');
                bad[prefix] = (byte) 0xFF;
                assertThat(Utf8Validator.isValid(bad, 0, bad.length)).as("0xFF after %d ASCII bytes", prefix).isFalse();

                byte[] good = new byte[prefix + euro.length + suffix];
                java.util.Arrays.fill(good, (byte) 'a');
                System.arraycopy(euro, 0, good, prefix, euro.length);
                assertThat(Utf8Validator.isValid(good, 0, good.length)).as("U+20AC after %d ASCII bytes", prefix).isTrue();
                byte[] cut = java.util.Arrays.copyOf(good, prefix + 2);
                Utf8Validator partial = new Utf8Validator();
                assertThat(partial.update(cut, 0, cut.length)).isTrue();
                assertThat(partial.isComplete()).as("U+20AC cut after 2 of 3 bytes").isFalse();
            }
        }
    }
}
