package io.roomwire.websocket.servlet;

import static io.roomwire.websocket.servlet.ClientFrames.concat;
import static io.roomwire.websocket.servlet.ClientFrames.frame;
import static io.roomwire.websocket.servlet.ClientFrames.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.websocket.CloseStatus;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Messages in and out of a session, pings, protocol violations and failing handlers, on the wire. */
class EngineSessionTests {

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    private static final Logger ENGINE_LOG = Logger.getLogger(EngineSession.class.getName());
    private Level engineLogLevel;

    @BeforeEach
    void quietHandlerFailureLogs() {
        engineLogLevel = ENGINE_LOG.getLevel();
        ENGINE_LOG.setLevel(Level.OFF); // handler exceptions are expected here; keep the build log readable
    }

    @AfterEach
    void restoreLogs() {
        ENGINE_LOG.setLevel(engineLogLevel);
    }

    // ------------------------------------------------------------------ messages

    @ParameterizedTest(name = "read in pieces of {0} bytes")
    @ValueSource(ints = {1, 3, 7, 1 << 20})
    void echoesTextAndBinaryWhateverTheReadSizes(int piece) {
        EngineHarness h = harnesses.echo();
        byte[] data = {0, 1, 2, (byte) 0xFF};

        h.sendRawInPieces(concat(ClientFrames.text("Hello"), ClientFrames.binary(data), ClientFrames.text("héllo ✓")), piece);

        assertThat(h.handler().events()).containsExactly("open", "text:Hello", "binary:000102ff", "text:héllo ✓");
        List<Frame> frames = h.serverFrames();
        assertThat(h.wire()).containsExactly("TEXT Hello", "BINARY 4 bytes", "TEXT héllo ✓");
        assertThat(frames.get(1).payload()).containsExactly(data);
        // RFC 6455 §5.7: a single-frame unmasked text message "Hello".
        assertThat(h.transport().bytes()).startsWith(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertThat(h.session().isOpen()).isTrue();
        assertThat(h.listener().opened).hasValue(1);
        assertThat(h.listener().bytesSent).hasValue(h.transport().size());
    }

    @Test
    void reassemblesFragmentsAndAnswersAPingBetweenThem() {
        EngineHarness h = harnesses.echo();

        // §5.4: control frames MAY be injected in the middle of a fragmented message.
        h.sendRaw(frame(false, Opcode.TEXT, utf8("Hel")));
        h.sendPing(utf8("mid"));
        h.sendRaw(frame(false, Opcode.CONTINUATION, new byte[] {'l', (byte) 0xC3})); // 'l' and half of "é"
        h.sendRaw(frame(true, Opcode.CONTINUATION, new byte[] {(byte) 0xA9, 'o'}));

        assertThat(h.wire()).containsExactly("PONG mid", "TEXT Helléo");
        assertThat(h.handler().texts()).containsExactly("Helléo");
    }

    @ParameterizedTest(name = "{0}-byte payload")
    @ValueSource(ints = {0, 1, 125})
    void answersAPingWithAPongCarryingTheSamePayload(int length) {
        EngineHarness h = harnesses.echo();
        byte[] payload = new byte[length];
        new Random(length).nextBytes(payload);

        h.sendPing(payload);

        // §5.5.3: a Pong sent in response to a Ping MUST have identical "Application data".
        List<Frame> frames = h.serverFrames();
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).opcode()).isEqualTo(Opcode.PONG);
        assertThat(frames.get(0).payload()).containsExactly(payload);
        assertThat(h.handler().events()).containsExactly("open");
    }

    @Test
    void deliversPongsToTheHandlerAndAnswersNothing() {
        EngineHarness h = harnesses.echo();

        h.sendPong(utf8("beat"));

        assertThat(h.handler().events()).containsExactly("open", "pong:beat");
        assertThat(h.transport().size()).isZero();
    }

    @Test
    void binaryIsRefusedWith1003ByDefault() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler()).start(); // keeps onBinary's default

        h.sendBinary(new byte[] {1});

        assertThat(h.wire()).containsExactly("CLOSE 1003 Binary messages are not accepted");
    }

    // ------------------------------------------------------------------ protocol violations

    static Stream<Arguments> violations() {
        return Stream.of(
                Arguments.of("§5.1 unmasked client frame", ClientFrames.unmasked(Opcode.TEXT, utf8("hi")), 1002),
                Arguments.of("§5.2 reserved data opcode 0x3", frame(true, 0x3, utf8("x")), 1002),
                Arguments.of("§5.2 reserved control opcode 0xB", frame(true, 0xB, new byte[0]), 1002),
                Arguments.of("§5.2 RSV1 without an extension", ClientFrames.withRsv(4, ClientFrames.text("x")), 1002),
                Arguments.of("§5.5 fragmented ping", frame(false, Opcode.PING, new byte[0]), 1002),
                Arguments.of("§5.4 continuation with nothing to continue", frame(true, Opcode.CONTINUATION, utf8("x")), 1002),
                Arguments.of("§5.5.1 close with a 1-byte body", frame(true, Opcode.CLOSE, new byte[] {3}), 1002),
                Arguments.of("§7.4 close code 1005 on the wire", frame(true, Opcode.CLOSE, new byte[] {0x03, (byte) 0xED}), 1002),
                Arguments.of("§8.1 invalid UTF-8 in text", frame(true, Opcode.TEXT, new byte[] {'a', (byte) 0xC3, 0x28}), 1007),
                Arguments.of("§8.1 text ends inside a UTF-8 sequence", frame(true, Opcode.TEXT, new byte[] {(byte) 0xE2, (byte) 0x9C}), 1007),
                Arguments.of("§5.5.1 close reason not UTF-8", frame(true, Opcode.CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}), 1007),
                Arguments.of("§7.4.1 frame over maxFrameSize", ClientFrames.binary(new byte[200]), 1009),
                Arguments.of("§7.4.1 message over maxMessageSize", concat(frame(false, Opcode.TEXT, utf8("a".repeat(100))),
                        frame(true, Opcode.CONTINUATION, utf8("b".repeat(100)))), 1009));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("violations")
    void aViolationSendsOneCloseAheadOfQueuedDataThenDropsTcpAndIgnoresInput(String rule, byte[] bad, int code) {
        EngineHarness h = harnesses.builder().handler(RecordingHandler.echo())
                .policy(p -> p.maxFrameSize(150).maxMessageSize(150)).start();
        h.transport().setReady(false);
        h.session().sendText("first"); // taken by the network, which then stalls
        h.session().sendText("queued 1");
        h.session().sendText("queued 2");

        h.sendRaw(bad);

        assertThat(h.transport().closes()).as("TCP stays up until the Close is written").isZero();
        assertThat(h.session().isOpen()).isFalse();
        assertThat(h.session().sendText("too late")).isFalse();
        h.transport().setReady(true);

        // §7.1.7: fail the connection with a Close carrying the code; data not yet started is dropped.
        List<Frame> frames = h.serverFrames();
        assertThat(h.wire()).hasSize(2).first().isEqualTo("TEXT first");
        assertThat(frames.get(1).opcode()).isEqualTo(Opcode.CLOSE);
        assertThat(EngineHarness.closeCode(frames.get(1))).isEqualTo(code);
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.transport().bytesAtClose()).as("closed after the Close frame was written").isEqualTo(h.transport().size());
        assertThat(h.finished()).isEqualTo(1);
        assertThat(h.handler().closes()).extracting(CloseStatus::code).containsExactly(code);
        assertThat(h.listener().protocolErrors).containsExactly(code);
        assertThat(h.listener().closed).containsExactly(code);

        int written = h.transport().size();
        h.sendText("after").sendPing(utf8("p")).sendClose(1000, "");
        assertThat(h.transport().size()).isEqualTo(written);
        assertThat(h.handler().texts()).isEmpty();
        assertThat(h.handler().closes()).hasSize(1);
    }

    @Test
    void messagesBeforeAViolationInTheSameReadAreDelivered() {
        EngineHarness h = harnesses.echo();

        h.sendRaw(concat(ClientFrames.text("ok"), ClientFrames.unmasked(Opcode.TEXT, utf8("bad")), ClientFrames.text("never")));

        assertThat(h.wire()).containsExactly("TEXT ok", "CLOSE 1002 Client frame not masked");
        assertThat(h.handler().events()).containsExactly("open", "text:ok", "close:1002 Client frame not masked");
    }

    // ------------------------------------------------------------------ failing handlers

    @Test
    void aHandlerExceptionClosesWith1011AndKeepsItsDetailsOffTheWire() {
        EngineHarness h = harnesses.builder()
                .handler(new RecordingHandler().throwOnText("secret: db password is hunter2")).start();

        h.sendText("boom");

        // §7.4.1: 1011, the server hit an unexpected condition; the why stays in the server log.
        assertThat(h.wire()).containsExactly("CLOSE 1011 Internal server error");
        String onTheWire = new String(h.transport().bytes(), StandardCharsets.ISO_8859_1);
        assertThat(onTheWire).doesNotContain("secret", "hunter2", "Exception", "at io.roomwire");
        assertThat(h.handler().closes()).containsExactly(CloseStatus.SERVER_ERROR);
        assertThat(h.transport().closes()).isEqualTo(1);

        h.sendText("again");
        assertThat(h.handler().texts()).containsExactly("boom");
    }

    @Test
    void anOnOpenExceptionClosesWith1011OnceTheConnectionIsWritable() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().whenOpen(s -> {
            throw new IllegalArgumentException("no such room");
        })).attach();

        h.open();
        assertThat(h.transport().size()).as("nothing before the first write callback").isZero();
        h.firstWriteCallback();

        assertThat(h.wire()).containsExactly("CLOSE 1011 Internal server error");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().closes()).containsExactly(CloseStatus.SERVER_ERROR);
    }

    @Test
    void anErrorThrownByTheHandlerIsTreatedTheSame() {
        EngineHarness h = harnesses.builder().handler(new RecordingHandler().whenText((s, t) -> {
            throw new StackOverflowError();
        })).start();

        h.sendText("deep");

        assertThat(h.wire()).containsExactly("CLOSE 1011 Internal server error");
    }

    @Test
    void aFailingOnCloseDoesNotStopTheEngine() {
        EngineHarness h = harnesses.builder()
                .handler(new RecordingHandler().throwOnClose(new IllegalStateException("cleanup failed"))).start();

        h.sendClose(1000, "bye");

        assertThat(h.wire()).containsExactly("CLOSE 1000");
        assertThat(h.transport().closes()).isEqualTo(1);
        assertThat(h.handler().closes()).containsExactly(new CloseStatus(1000, "bye"));
    }
}
