package io.roomwire.websocket.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of the permessage-deflate inflater (RFC 7692) behind the frame
 * parser and message assembler, as a session that negotiated it configures them: masked frames, RSV1
 * allowed, a {@link MessageInflater} with context takeover (the harder case: the window carries over),
 * and small limits so the fuzzer reaches them. Any byte sequence, cut into reads anywhere. In
 * {@code ./mvnw verify} this replays the committed corpus in {@code FuzzDeflateInputTestsInputs/}
 * (RFC 7692 §7.2.3's compressed "Hello" frames among them); CONTRIBUTING.md, "Fuzzing", runs the fuzzer.
 *
 * <p>Invariants: those of {@link FuzzFrameInputTests}, with the limits applied to the inflated bytes (a
 * zip bomb stops at the message limit: 1009), and the inflater released with the assembler.
 */
class FuzzDeflateInputTests {

    /** The input format of {@link FuzzFrameInputTests}: client bytes, then the cuts and their count. */
    @FuzzTest(maxDuration = "2m")
    void anyBytesAnySplit(FuzzedDataProvider data) {
        FuzzFrameInputTests.anyBytesAnySplit(data, () -> new MessageAssembler(
                new FrameParser(FuzzFrameInputTests.MAX_FRAME, MessageDeflater.RSV1, true), FuzzFrameInputTests.MAX_MESSAGE,
                new MessageInflater(true, false), FuzzFrameInputTests.MAX_FRAGMENTS));
    }
}
