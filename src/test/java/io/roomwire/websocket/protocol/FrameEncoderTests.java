package io.roomwire.websocket.protocol;

import static io.roomwire.websocket.protocol.Bytes.hex;
import static io.roomwire.websocket.protocol.Bytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5.2 frames as {@link FrameEncoder} writes them: the §5.7 examples byte for byte. */
class FrameEncoderTests {

    @Test
    void rfcExamplesByteForByte() {
        byte[] hello = utf8("Hello");
        assertThat(FrameEncoder.frame(Opcode.TEXT, hello)).isEqualTo(RfcVectors.UNMASKED_HELLO);
        assertThat(FrameEncoder.frame(true, Opcode.TEXT, hello, 0, 5, RawFrame.RFC_KEY)).isEqualTo(RfcVectors.MASKED_HELLO);
        assertThat(FrameEncoder.frame(false, Opcode.TEXT, hello, 0, 3, null)).isEqualTo(RfcVectors.FRAGMENT_HEL);
        assertThat(FrameEncoder.frame(true, Opcode.CONTINUATION, hello, 3, 2, null)).isEqualTo(RfcVectors.FRAGMENT_LO);
        assertThat(FrameEncoder.frame(Opcode.PING, hello)).isEqualTo(RfcVectors.UNMASKED_PING);
        assertThat(FrameEncoder.frame(true, Opcode.PONG, hello, 0, 5, RawFrame.RFC_KEY)).isEqualTo(RfcVectors.MASKED_PONG);
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[256]), 4)).isEqualTo(RfcVectors.BINARY_256_HEADER);
        assertThat(Arrays.copyOf(FrameEncoder.frame(Opcode.BINARY, new byte[65536]), 10)).isEqualTo(RfcVectors.BINARY_64K_HEADER);
    }

    @Test
    void maskingLeavesTheCallersPayloadAlone() {
        byte[] hello = utf8("Hello");
        FrameEncoder.frame(true, Opcode.TEXT, hello, 0, 5, RawFrame.RFC_KEY);
        assertThat(hello).isEqualTo(utf8("Hello"));
    }

    @ParameterizedTest(name = "payload {0}: header {1} bytes unmasked, {2} masked")
    @CsvSource({
        "0, 2, 6", "1, 2, 6", "125, 2, 6",
        "126, 4, 8", "127, 4, 8", "65535, 4, 8",
        "65536, 10, 14", "70000, 10, 14", "9223372036854775807, 10, 14",
    })
    void headerLengthIsMinimal(long payload, int unmasked, int masked) {
        assertThat(FrameEncoder.headerLength(payload, false)).isEqualTo(unmasked);
        assertThat(FrameEncoder.headerLength(payload, true)).isEqualTo(masked);
    }

    @Test
    void writeHeaderSetsRsvBitsAndReturnsTheNextIndex() {
        byte[] out = new byte[20];
        int end = FrameEncoder.writeHeader(out, 3, true, 4, Opcode.TEXT, 300, RawFrame.RFC_KEY);
        assertThat(end).isEqualTo(3 + 8);
        assertThat(Arrays.copyOfRange(out, 3, end)).isEqualTo(hex("c1 fe 01 2c 37 fa 21 3d"));
        assertThat(Arrays.copyOf(out, 3)).containsOnly(0);
    }

    @ParameterizedTest(name = "textFrame of \"{0}\" is the UTF-8 frame")
    @ValueSource(strings = {"", "Hello", "h\u00e9llo \u2603 \ud83d\ude00"})
    void textFrameEqualsTheGeneralEncoder(String text) {
        assertThat(FrameEncoder.textFrame(text)).isEqualTo(FrameEncoder.frame(Opcode.TEXT, utf8(text)));
    }

    @ParameterizedTest(name = "ASCII textFrame of {0} characters")
    @ValueSource(ints = {125, 126, 65535, 65536, 70000})
    void asciiTextFramesAtTheLengthBoundaries(int length) {
        String text = Bytes.ascii(length);
        byte[] frame = FrameEncoder.textFrame(text);
        assertThat(frame).isEqualTo(FrameEncoder.frame(Opcode.TEXT, utf8(text)));
        assertThat(frame).hasSize(FrameEncoder.headerLength(length, false) + length);
    }

    @Test
    void closePayloadIsTheCodeInNetworkOrderThenTheReason() {
        // §5.5.1: "the first two bytes ... MUST be a 2-byte unsigned integer (in network byte order)".
        assertThat(FrameEncoder.closePayload(1000, "bye")).isEqualTo(hex("03 e8 62 79 65"));
        assertThat(FrameEncoder.closePayload(4999, "")).isEqualTo(hex("13 87"));
        assertThat(FrameEncoder.closePayload(1001, null)).isEqualTo(hex("03 e9"));
    }

    @Test
    void noStatusMeansAnEmptyClosePayload() {
        assertThat(FrameEncoder.closePayload(CloseCodes.NO_STATUS, "ignored")).isEmpty();
    }

    @Test
    void aLongCloseReasonIsTrimmedToFitTheControlFrame() {
        byte[] payload = FrameEncoder.closePayload(1008, "\u00e9".repeat(100));
        // 61 two-byte characters are 122 bytes; a 62nd would make 124.
        assertThat(payload).hasSize(2 + 122);
        assertThat(Utf8Validator.isValid(payload, 2, payload.length)).isTrue();
    }
}
