package io.roomwire.testsupport;

import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;

/**
 * A {@link WebSocket.Listener} for the JDK client that reassembles the partial deliveries
 * ({@code last == false}) into whole messages before handing them on. Opening, pings and pongs
 * keep the JDK's defaults (one more delivery requested each time; pings answered by the JDK).
 */
abstract class WholeMessageListener implements WebSocket.Listener {

    private final StringBuilder text = new StringBuilder();
    private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

    /** A whole text message, on the JDK's delivery thread. */
    abstract void onWholeText(String message);

    /** A whole binary message, on the JDK's delivery thread. */
    abstract void onWholeBinary(byte[] message);

    @Override
    public final CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        text.append(data);
        if (last) {
            String message = text.toString();
            text.setLength(0);
            onWholeText(message);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public final CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        byte[] chunk = new byte[data.remaining()];
        data.get(chunk);
        binary.writeBytes(chunk);
        if (last) {
            byte[] message = binary.toByteArray();
            binary.reset();
            onWholeBinary(message);
        }
        webSocket.request(1);
        return null;
    }
}
