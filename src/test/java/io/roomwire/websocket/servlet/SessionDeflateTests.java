package io.roomwire.websocket.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import io.roomwire.testsupport.ClientDeflate;
import io.roomwire.websocket.DeflatePolicy;
import io.roomwire.websocket.EngineListener;
import io.roomwire.websocket.PreparedMessage;
import io.roomwire.websocket.WebSocketPolicy;
import io.roomwire.websocket.protocol.DeflateParameters;
import io.roomwire.websocket.protocol.Frame;
import io.roomwire.websocket.protocol.MessageDeflater;
import io.roomwire.websocket.protocol.Opcode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One connection's permessage-deflate (RFC 7692): a broadcast is compressed once and the same frame
 * queued on every member without server context takeover; with it, a message that could not be
 * queued leaves no trace in the window; the session's inflater is freed when the connection ends.
 */
class SessionDeflateTests {

    private static final DeflateParameters SHARED = new DeflateParameters(true, true, false);
    private static final DeflateParameters TAKEOVER = new DeflateParameters(false, false, false);
    private static final DeflatePolicy SHARED_POLICY = new DeflatePolicy(DeflatePolicy.Mode.SHARED, 64, 6);
    private static final DeflatePolicy DEDICATED_POLICY = new DeflatePolicy(DeflatePolicy.Mode.DEDICATED, 0, 6);
    private static final String CHAT = "{\"type\":\"message\",\"room\":\"lobby\",\"text\":\"" + "hello there ".repeat(20) + "\"}";

    @RegisterExtension
    final EngineHarness.Tracker harnesses = new EngineHarness.Tracker();

    /** Counts compressions, as the metrics listener would. */
    static final class Compressions implements EngineListener {
        final AtomicInteger count = new AtomicInteger();
        long before;
        long after;

        @Override
        public void compressed(int bytesBefore, int bytesAfter, long nanos) {
            count.incrementAndGet();
            before += bytesBefore;
            after += bytesAfter;
        }
    }

    @Test
    void broadcastIsCompressedOnceAndSharedByEveryMember() {
        Compressions listener = new Compressions();
        MessageDeflater deflater = new MessageDeflater(6, 64);
        List<SessionDeflate> members = List.of(new SessionDeflate(SHARED, SHARED_POLICY, deflater, listener),
                new SessionDeflate(SHARED, SHARED_POLICY, deflater, listener),
                new SessionDeflate(SHARED, SHARED_POLICY, deflater, listener));
        PreparedMessage message = PreparedMessage.text(CHAT);
        List<byte[]> queued = new ArrayList<>();
        for (SessionDeflate member : members) {
            assertThat(member.send(message, queued, List::add)).isTrue();
        }
        assertThat(listener.count).as("compressions").hasValue(1);
        assertThat(queued).hasSize(3);
        assertThat(queued.get(1)).isSameAs(queued.get(0));
        assertThat(queued.get(2)).isSameAs(queued.get(0));
        assertThat(queued.get(0)[0] & 0xFF).as("FIN, RSV1, text").isEqualTo(0xC1);
        assertThat(listener.after).isLessThan(listener.before / 3);
        Frame frame = EngineHarness.parseServerFrames(queued.get(0), 4).getFirst();
        assertThat(new String(new ClientDeflate.Reader().inflate(frame.payload()), StandardCharsets.UTF_8)).isEqualTo(CHAT);
    }

    @Test
    void smallBroadcastGoesOutAsThePlainFrameWithoutCompressing() {
        Compressions listener = new Compressions();
        SessionDeflate member = new SessionDeflate(SHARED, SHARED_POLICY, new MessageDeflater(6, 64), listener);
        PreparedMessage message = PreparedMessage.text("{\"type\":\"typing\"}");
        List<byte[]> queued = new ArrayList<>();
        member.send(message, queued, List::add);
        assertThat(queued.getFirst()).isSameAs(message.frame());
        assertThat(listener.count).hasValue(0);
    }

    @Test
    void withContextTakeoverAMessageThatWasNotQueuedLeavesNoTraceInTheWindow() {
        SessionDeflate session = new SessionDeflate(TAKEOVER, DEDICATED_POLICY, new MessageDeflater(6, 0),
                EngineListener.NONE);
        byte[] payload = CHAT.getBytes(StandardCharsets.UTF_8);
        List<byte[]> queued = new ArrayList<>();
        assertThat(session.send(Opcode.TEXT, payload, queued, (q, frame) -> false)).as("overflow: dropped").isFalse();
        assertThat(session.send(Opcode.TEXT, payload, queued, List::add)).isTrue();
        assertThat(session.send(PreparedMessage.text(CHAT), queued, List::add)).isTrue();
        // The client never saw the dropped copy: its inflater must read both frames on their own.
        ClientDeflate.Reader client = new ClientDeflate.Reader();
        List<Frame> frames = EngineHarness.parseServerFrames(concat(queued), 4);
        assertThat(frames).hasSize(2);
        assertThat(new String(client.inflate(frames.get(0).payload()), StandardCharsets.UTF_8)).isEqualTo(CHAT);
        assertThat(new String(client.inflate(frames.get(1).payload()), StandardCharsets.UTF_8)).isEqualTo(CHAT);
        assertThat(frames.get(1).payload().length).as("the second refers back to the first").isLessThan(20);
    }

    @Test
    void sessionInflatesWhatTheClientCompressedAndFreesTheInflaterOnClose() {
        EngineHarness h = harnesses.builder()
                .handler(RecordingHandler.echo())
                .policy(WebSocketPolicy.DEFAULTS.withDeflate(DEDICATED_POLICY))
                .deflate(TAKEOVER)
                .attach();
        assertThat(h.session().extensions()).isEqualTo("permessage-deflate");
        h.firstWriteCallback().open();
        byte[] compressed = ClientDeflate.deflate(CHAT.getBytes(StandardCharsets.UTF_8));
        h.sendRaw(ClientFrames.withRsv(4, ClientFrames.frame(true, Opcode.TEXT, compressed)));
        assertThat(h.handler().events()).contains("text:" + CHAT);
        assertThat(h.session().deflate().inflater().holdsInflater()).isTrue();
        h.sendClose(1000, "bye");
        assertThat(h.session().isTransportClosed()).isTrue();
        assertThat(h.session().deflate().inflater().holdsInflater()).as("ended with the connection").isFalse();
        List<Frame> frames = h.serverFrames();
        assertThat(frames.getFirst().rsv()).as("the echo, compressed").isEqualTo(4);
    }

    private static byte[] concat(List<byte[]> frames) {
        byte[] out = new byte[0];
        for (byte[] f : frames) {
            int at = out.length;
            out = Arrays.copyOf(out, at + f.length);
            System.arraycopy(f, 0, out, at, f.length);
        }
        return out;
    }
}
