package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.frame;
import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.protocol.Opcode;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The policy's message timeout and fragment limit at their edges, on a manual clock (RFC 6455 §10.4: an
 * endpoint limits what a peer can make it hold). Bytes trickled in keep the idle timeout away, so a
 * message, or a single frame, must complete within the message timeout of its first byte.
 */
class EngineSessionMessageTimeoutTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration NANO = Duration.ofNanos(1);
    private static final int MAX_FRAGMENTS = 4;

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private EngineHarness start(Duration messageTimeout) {
        WebSocketPolicy d = WebSocketPolicy.DEFAULTS;
        WebSocketPolicy policy = new WebSocketPolicy(d.maxFrameSize(), d.maxMessageSize(), d.maxQueuedBytes(),
                Duration.ofSeconds(60), Duration.ZERO, d.closeTimeout(), d.writeTimeout(), messageTimeout, MAX_FRAGMENTS);
        return harnesses.builder().handler(RecordingHandler.echo()).clockOrigin(-7_000_000_000L).policy(policy).start();
    }

    @Test
    void aFrameTrickledInIsClosedWith1008AtTheMessageTimeout() {
        byte[] text = ClientFrames.text("x".repeat(100));
        EngineHarness h = start(TIMEOUT).sendRaw(Arrays.copyOf(text, 3));
        for (int i = 0; i < 9; i++) {
            h.timePasses(Duration.ofSeconds(1)).sendRaw(new byte[] {text[3 + i]}); // one byte a second
        }
        h.timePasses(Duration.ofSeconds(1).minus(NANO));
        assertThat(h.wire()).as("just before the timeout").isEmpty();
        h.timePasses(NANO);
        assertThat(h.wire()).containsExactly("CLOSE 1008 Message not completed in time");
    }

    @Test
    void aFragmentedMessageMustCompleteWithinTheTimeoutOfItsFirstFragment() {
        EngineHarness h = start(TIMEOUT).sendRaw(frame(false, Opcode.TEXT, utf8("a")));
        h.timePasses(Duration.ofSeconds(6)).sendRaw(frame(false, Opcode.CONTINUATION, utf8("b")));
        h.timePasses(Duration.ofSeconds(4).minus(NANO));
        assertThat(h.wire()).isEmpty();
        h.timePasses(NANO);
        assertThat(h.wire()).containsExactly("CLOSE 1008 Message not completed in time");
    }

    @Test
    void aMessageCompletedInTimeIsDeliveredAndTheClockStopsBetweenMessages() {
        EngineHarness h = start(TIMEOUT).sendRaw(frame(false, Opcode.TEXT, utf8("a")));
        h.timePasses(TIMEOUT.minus(NANO)).sendRaw(frame(true, Opcode.CONTINUATION, utf8("b")));
        h.timePasses(Duration.ofSeconds(30));
        assertThat(h.wire()).containsExactly("TEXT ab");
        assertThat(h.session().isOpen()).isTrue();
    }

    @Test
    void zeroSwitchesTheMessageTimeoutOff() {
        EngineHarness h = start(Duration.ZERO).sendRaw(frame(false, Opcode.TEXT, utf8("a")));
        h.timePasses(Duration.ofSeconds(59));
        assertThat(h.session().isOpen()).isTrue();
    }

    @Test
    void aMessageMaySpanMaxFragmentsFramesAndNotOneMore() {
        EngineHarness h = start(TIMEOUT).sendRaw(frame(false, Opcode.TEXT, utf8("a")));
        for (int i = 2; i < MAX_FRAGMENTS; i++) {
            h.sendRaw(frame(false, Opcode.CONTINUATION, new byte[0]));
        }
        h.sendRaw(frame(true, Opcode.CONTINUATION, utf8("z")));
        assertThat(h.wire()).containsExactly("TEXT az");

        h.sendRaw(frame(false, Opcode.TEXT, utf8("a")));
        for (int i = 1; i < MAX_FRAGMENTS; i++) {
            h.sendRaw(frame(false, Opcode.CONTINUATION, new byte[0]));
        }
        assertThat(h.session().isOpen()).isTrue();
        h.sendRaw(frame(false, Opcode.CONTINUATION, new byte[0]));
        assertThat(h.wire()).containsExactly("TEXT az", "CLOSE 1008 Message spans more than " + MAX_FRAGMENTS + " frames");
    }
}
