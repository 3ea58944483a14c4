package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** RFC 6455 §7.4 close codes and §5.2 opcodes. */
class CloseCodesTests {

    @Test
    void sendableCodesAreTheRegisteredOnesAndTheApplicationRanges() {
        int[] sendable = IntStream.rangeClosed(0, 65535).filter(CloseCodes::isSendable).toArray();
        int[] expected = IntStream.concat(
                IntStream.concat(IntStream.rangeClosed(1000, 1003), IntStream.rangeClosed(1007, 1014)),
                IntStream.rangeClosed(3000, 4999)).toArray();
        assertThat(sendable).isEqualTo(expected);
    }

    @Test
    void reportOnlyCodesAreNeverSendable() {
        // §7.4.1: 1005, 1006 and 1015 MUST NOT be set as a status code in a Close frame.
        assertThat(CloseCodes.isSendable(CloseCodes.NO_STATUS)).isFalse();
        assertThat(CloseCodes.isSendable(CloseCodes.ABNORMAL)).isFalse();
        assertThat(CloseCodes.isSendable(1015)).isFalse();
    }

    @Test
    void opcodesSplitIntoDataControlAndReserved() {
        assertThat(IntStream.range(0, 16).filter(Opcode::isDefined).toArray()).containsExactly(0, 1, 2, 8, 9, 10);
        assertThat(IntStream.range(0, 16).filter(Opcode::isControl).toArray())
                .containsExactly(8, 9, 10, 11, 12, 13, 14, 15);
        assertThat(Opcode.name(0xB)).isEqualTo("RESERVED(0xb)");
    }
}
