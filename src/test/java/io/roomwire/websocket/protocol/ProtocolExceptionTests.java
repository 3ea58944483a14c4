package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A violation carries its close code and a reason that fits in a Close frame (RFC 6455 §5.5). */
class ProtocolExceptionTests {

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Test
    void carriesTheCloseCodeAndTheReason() {
        ProtocolException e = new ProtocolException(CloseCodes.PROTOCOL_ERROR, "Reserved opcode 3");
        assertThat(e.closeCode()).isEqualTo(1002);
        assertThat(e.reason()).isEqualTo("Reserved opcode 3").isEqualTo(e.getMessage());
    }

    @Test
    void shortReasonsAreKeptAsTheyAre() {
        assertThat(ProtocolException.trimReason("")).isEmpty();
        assertThat(ProtocolException.trimReason("bye \u2603")).isEqualTo("bye \u2603");
        String exactly123 = "x".repeat(123);
        assertThat(ProtocolException.trimReason(exactly123)).isEqualTo(exactly123);
    }

    @Test
    void aNullReasonBecomesEmpty() {
        assertThat(ProtocolException.trimReason(null)).isEmpty();
        assertThat(new ProtocolException(CloseCodes.INTERNAL_ERROR, null).reason()).isEmpty();
    }

    @Test
    void asciiIsCutAt123Bytes() {
        assertThat(ProtocolException.trimReason("y".repeat(124))).isEqualTo("y".repeat(123));
        assertThat(new ProtocolException(CloseCodes.MESSAGE_TOO_BIG, "z".repeat(500)).reason())
                .isEqualTo("z".repeat(123));
    }

    @Test
    void aCharacterThatWouldStraddleTheLimitIsDroppedWhole() {
        // 122 + 2 bytes of "é": the 123rd byte would be half a character.
        assertThat(ProtocolException.trimReason("a".repeat(122) + "\u00e9")).isEqualTo("a".repeat(122));
        // 121 + 3 bytes of "€" and 120 + 4 bytes of U+1F600.
        assertThat(ProtocolException.trimReason("a".repeat(121) + "\u20ac")).isEqualTo("a".repeat(121));
        assertThat(ProtocolException.trimReason("a".repeat(120) + "\ud83d\ude00")).isEqualTo("a".repeat(120));
        // Ending exactly on the limit keeps the character.
        assertThat(ProtocolException.trimReason("a".repeat(119) + "\ud83d\ude00")).isEqualTo("a".repeat(119) + "\ud83d\ude00");
    }

    static Stream<Arguments> multiByteReasons() {
        String[] characters = {"\u00e9", "\u20ac", "\ud83d\ude00"};
        return Stream.of(characters).flatMap(c -> IntStream.rangeClosed(0, 8)
                .mapToObj(prefix -> Arguments.of("a".repeat(prefix) + c.repeat(70), c)));
    }

    @ParameterizedTest(name = "{index}: {1} repeated after an ASCII prefix of {0}")
    @MethodSource("multiByteReasons")
    void trimmedReasonIsTheLongestWholeCharacterPrefixWithin123Bytes(String reason, String character) {
        String trimmed = ProtocolException.trimReason(reason);

        assertThat(utf8Length(reason)).isGreaterThan(123);
        assertThat(reason).startsWith(trimmed);
        assertThat(utf8Length(trimmed)).isLessThanOrEqualTo(123);
        // Longest: one more character would not fit.
        int next = trimmed.length() + Character.charCount(reason.codePointAt(trimmed.length()));
        assertThat(utf8Length(reason.substring(0, next))).isGreaterThan(123);
        // Whole characters only: the bytes are a prefix of the original's, with no U+FFFD.
        assertThat(trimmed).doesNotContain("\ufffd");
        byte[] original = reason.getBytes(StandardCharsets.UTF_8);
        byte[] cut = trimmed.getBytes(StandardCharsets.UTF_8);
        assertThat(original).startsWith(cut);
    }

    @Test
    void aTrimmedReasonAndItsCodeFitAControlFrame() {
        byte[] payload = FrameEncoder.closePayload(CloseCodes.POLICY_VIOLATION, "\u2603".repeat(100));
        // §5.5: all control frames MUST have a payload length of 125 bytes or less.
        assertThat(payload.length).isLessThanOrEqualTo(125).isEqualTo(2 + 123);
    }
}
