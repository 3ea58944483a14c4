package io.roomwire.echo;

import io.roomwire.websocket.WebSocketHandler;
import io.roomwire.websocket.WebSocketSession;

/** Echoes every text and binary message back unchanged, for conformance testing. Stateless. */
final class EchoHandler implements WebSocketHandler {

    @Override
    public void onText(WebSocketSession session, String text) {
        session.sendText(text);
    }

    @Override
    public void onBinary(WebSocketSession session, byte[] data) {
        session.sendBinary(data);
    }
}
