package io.roomwire.chat.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.roomwire.chat.MessageKind;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Coverage-guided fuzzing (Jazzer) of the JSON codec's decoder with any text a client can send in a
 * text frame. Replays {@code FuzzWireCodecTestsInputs/} in {@code ./mvnw verify}.
 *
 * <p>Invariants: the only exception is {@link WireException} (docs/protocol.md, "Errors": a bad frame is
 * an {@code error} reply, never a disconnect), with a documented code and a short message that names no
 * class and echoes no more than a little of the input; a decoded command respects the codec's own limits
 * (refs of at most 64 characters, at most 8 meta entries).
 */
class FuzzWireCodecTests {

    private static final Set<String> CODES = Set.of("bad_request", "unknown_type", "invalid_room", "too_long");
    private final WireCodec codec = new WireCodec();

    /** The bytes of a text frame: UTF-8 (invalid sequences become U+FFFD, as the engine would refuse them). */
    @FuzzTest(maxDuration = "2m")
    void anyText(byte[] frame) {
        String json = new String(frame, StandardCharsets.UTF_8);
        ClientCommand command;
        try {
            command = codec.decode(json);
        } catch (WireException e) {
            assertThat(CODES).as("error code").contains(e.code());
            assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(200)
                    .doesNotContain("Exception").doesNotContain("tools.jackson").doesNotContain("io.roomwire");
            assertThat(e.ref() == null || e.ref().length() <= 64).as("ref " + e.ref()).isTrue();
            return;
        }
        assertThat(command).isNotNull();
        if (command instanceof ClientCommand.Send send) {
            assertThat(send.text()).isNotNull();
            assertThat(send.kind()).isIn(MessageKind.CHAT, MessageKind.DANMAKU);
            assertThat(send.meta().size()).isLessThanOrEqualTo(8);
            assertThat(send.ref() == null || send.ref().length() <= 64).isTrue();
        }
    }
}
