package io.roomwire.bench.jmh;

import io.roomwire.websocket.protocol.Utf8Validator;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * UTF-8 validation of a text message (RFC 6455 §8.1) by the engine's streaming DFA, next to what
 * the JDK offers: {@code new String(bytes, UTF_8)} (decodes, replaces bad input rather than
 * rejecting it) and a {@link CharsetDecoder} with {@link CodingErrorAction#REPORT} (decodes and
 * rejects). {@code validatorThenNewString} is what {@code MessageAssembler} does for each text
 * message. One op is one message of {@code payloadBytes} UTF-8 bytes.
 */
public class Utf8Bench extends QuickDefaults {

    /** "ascii": chat JSON; "mixed": Chinese, emoji, Latin-1 and Cyrillic with some ASCII. */
    @Param({"ascii", "mixed"})
    String text;

    @Param({"125", "4096", "65536"})
    int payloadBytes;

    private byte[] data;
    private final Utf8Validator validator = new Utf8Validator();
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private CharBuffer chars;

    @Setup(Level.Trial)
    public void setup() {
        data = Payloads.text(text, payloadBytes);
        chars = CharBuffer.allocate(payloadBytes);
        String expected = new String(data, StandardCharsets.UTF_8);
        if (!utf8Validator() || !baselineDecoderReport().toString().equals(expected)
                || !Arrays.equals(validatorThenNewString().getBytes(StandardCharsets.UTF_8), data)) {
            throw Payloads.fail(text + " text of " + payloadBytes + " bytes");
        }
        byte[] broken = data.clone();
        broken[broken.length - 1] = (byte) 0xC0; // never valid in UTF-8
        if (Utf8Validator.isValid(broken, 0, broken.length)) {
            throw Payloads.fail("the validator accepted 0xC0");
        }
    }

    @Benchmark
    public boolean utf8Validator() {
        validator.reset();
        if (!validator.update(data, 0, data.length) || !validator.isComplete()) {
            throw Payloads.fail("invalid UTF-8");
        }
        return true;
    }

    @Benchmark
    public String validatorThenNewString() {
        utf8Validator();
        return new String(data, StandardCharsets.UTF_8);
    }

    @Benchmark
    public String baselineNewString() {
        return new String(data, StandardCharsets.UTF_8);
    }

    @Benchmark
    public CharBuffer baselineDecoderReport() {
        decoder.reset();
        chars.clear();
        CoderResult result = decoder.decode(ByteBuffer.wrap(data), chars, true);
        if (result.isError() || result.isOverflow() || decoder.flush(chars).isError()) {
            throw Payloads.fail("decoder says " + result);
        }
        return chars.flip();
    }
}
