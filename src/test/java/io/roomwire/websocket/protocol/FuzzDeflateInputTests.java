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

/**
 * Coverage-guided fuzzing (Jazzer) of the permessage-deflate inflater (RFC 7692) behind the frame
 * parser and message assembler, as a session that negotiated it configures them: masked frames, RSV1
 * allowed, a {@link MessageInflater} with context takeover (the harder case: the window carries over),
 * and small limits so the fuzzer reaches them. Any byte sequence, cut into reads anywhere. In
 * {@code ./mvnw verify} this replays the committed corpus in {@code FuzzDeflateInputTestsInputs/}
 * (RFC 7692 §7.2.3's compressed "Hello" frames among them); CONTRIBUTING.md, "Fuzzing", runs the fuzzer.
 *
 * <p>Invariants: the only exception is {@link ProtocolException}, with a close code the server may send
 * for a violation (RFC 6455 §7.4.1) and a reason that fits a Close frame (§5.5); what is delivered
 * respects the limits once inflated (a zip bomb stops at the message limit: 1009), valid UTF-8 text,
 * 125-byte control payloads and sendable close codes; the fragment buffer never exceeds the message
 * limit; and the outcome does not depend on how the bytes were split into reads.
 */
class FuzzDeflateInputTests {

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
        int splits = data.consumeInt(0, 32);
        int[] cuts = new int[splits];
        for (int i = 0; i < splits; i++) {
            cuts[i] = data.consumeInt(0, 4096);
        }
        byte[] bytes = data.consumeRemainingAsBytes();

        List<String> whole = run(bytes, new int[0]);
        List<String> split = run(bytes, cuts);
        assertThat(split).as("outcome independent of read boundaries").isEqualTo(whole);
    }

    /** Feeds {@code bytes} in reads cut at {@code cuts} (clamped); returns the events in order. */
    private static List<String> run(byte[] bytes, int[] cuts) {
        Recorder sink = new Recorder();
        MessageInflater inflater = new MessageInflater(true, false);
        MessageAssembler assembler = new MessageAssembler(new FrameParser(MAX_FRAME, MessageDeflater.RSV1, true),
                MAX_MESSAGE, inflater, MAX_FRAGMENTS);
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
                    inflater.close();
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
        inflater.close();
        assertThat(inflater.holdsInflater()).as("zlib memory released").isFalse();
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
