package io.roomwire.websocket.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Coverage-guided fuzzing (Jazzer) of everything a client's bytes reach first: {@link FrameParser} and
 * {@link MessageAssembler}, as a server session configures them (masked frames, no RSV bits), with small
 * limits so the fuzzer reaches them. Any byte sequence, cut into reads anywhere. In {@code ./mvnw verify}
 * this replays the committed corpus in {@code FuzzFrameInputTestsInputs/}; CONTRIBUTING.md, "Fuzzing",
 * runs the fuzzer itself.
 *
 * <p>Invariants: the only exception is {@link ProtocolException}, with a close code the server may send
 * for a violation (RFC 6455 §7.4.1) and a reason that fits a Close frame (§5.5); what is delivered
 * respects the limits (frame, message, fragments, 125-byte control payloads, valid UTF-8 text, sendable
 * close codes); the fragment buffer never exceeds the message limit; and the outcome does not depend on
 * how the bytes were split into reads.
 */
class FuzzFrameInputTests {

    static final int MAX_FRAME = 1024;
    static final int MAX_MESSAGE = 4096;
    static final int MAX_FRAGMENTS = 16;
    static final Set<Integer> VIOLATION_CODES = Set.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.INVALID_PAYLOAD,
            CloseCodes.POLICY_VIOLATION, CloseCodes.MESSAGE_TOO_BIG);

    /**
     * FuzzedDataProvider takes numbers from the end of the input: the last byte is the number of cuts
     * (0-32), each cut two bytes before it; the bytes before those are the stream. A corpus file is
     * therefore client bytes followed by a {@code 0x00} trailer (no cuts), or cuts and their count.
     */
    @FuzzTest(maxDuration = "2m")
    void anyBytesAnySplit(FuzzedDataProvider data) {
        anyBytesAnySplit(data, () -> new MessageAssembler(new FrameParser(MAX_FRAME, 0, true), MAX_MESSAGE, MAX_FRAGMENTS));
    }

    /**
     * The check every frame-input target makes: the input decoded as cuts and bytes (see above), fed
     * whole and then split, to a fresh assembler from {@code assemblers} each time, with the same outcome.
     */
    static void anyBytesAnySplit(FuzzedDataProvider data, Supplier<MessageAssembler> assemblers) {
        int splits = data.consumeInt(0, 32);
        int[] cuts = new int[splits];
        for (int i = 0; i < splits; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        byte[] bytes = data.consumeRemainingAsBytes();

        List<String> whole = run(bytes, new int[0], assemblers.get());
        List<String> split = run(bytes, cuts, assemblers.get());
        assertThat(split).as("outcome independent of read boundaries").isEqualTo(whole);
    }

    /**
     * Feeds {@code bytes} in reads cut at {@code cuts} (clamped); returns the events in order. The
     * assembler is released at the end, as a session's is when its connection closes.
     */
    private static List<String> run(byte[] bytes, int[] cuts, MessageAssembler assembler) {
        try {
            return feed(bytes, cuts, assembler);
        } finally {
            assembler.release();
        }
    }

    private static List<String> feed(byte[] bytes, int[] cuts, MessageAssembler assembler) {
        Recorder sink = new Recorder();
        int at = 0;
        int cut = 0;
        try {
            while (at < bytes.length) {
                int length = cut < cuts.length ? Math.max(1, Math.min(cuts[cut++], bytes.length - at)) : bytes.length - at;
                ByteBuffer read = ByteBuffer.wrap(bytes, at, length);
                boolean closed = assembler.feed(read, sink);
                assertThat(assembler.bufferedBytes()).as("fragment buffer").isLessThanOrEqualTo(Math.max(MAX_MESSAGE, 256));
                if (closed) {
                    sink.events.add("end after close");
                    return sink.events;
                }
                // Whatever the assembler did not consume stays for the next read, as the session's reader does.
                at = read.position();
                if (read.hasRemaining()) {
                    // feed() consumes everything unless it stopped at a Close, handled above.
                    throw new AssertionError("bytes left unread without a Close");
                }
            }
        } catch (ProtocolException e) {
            assertThat(VIOLATION_CODES).as("close code of " + e.getMessage()).contains(e.closeCode());
            assertThat(e.getMessage().getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(ProtocolException.MAX_REASON_BYTES);
            sink.events.add("fail " + e.closeCode());
        }
        return sink.events;
    }

    /** Checks each delivery against the limits and records it. */
    private static final class Recorder implements MessageAssembler.Sink {
        final List<String> events = new ArrayList<>();

        @Override
        public void onText(String text) {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            assertThat(utf8.length).isLessThanOrEqualTo(MAX_MESSAGE);
            assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(text)).as("no broken surrogates").isTrue();
            events.add("text " + text.hashCode() + "/" + utf8.length);
        }

        @Override
        public void onBinary(byte[] data) {
            assertThat(data.length).isLessThanOrEqualTo(MAX_MESSAGE);
            events.add("binary " + Arrays.hashCode(data) + "/" + data.length);
        }

        @Override
        public void onPing(byte[] payload) {
            assertThat(payload.length).isLessThanOrEqualTo(125);
            events.add("ping " + payload.length);
        }

        @Override
        public void onPong(byte[] payload) {
            assertThat(payload.length).isLessThanOrEqualTo(125);
            events.add("pong " + payload.length);
        }

        @Override
        public void onClose(int code, String reason) {
            assertThat(code == CloseCodes.NO_STATUS || CloseCodes.isSendable(code)).as("close code " + code).isTrue();
            events.add("close " + code + " " + reason);
        }
    }
}
