package io.roomwire.gateway;

import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /ws}: the chat endpoint. Hands the opening handshake to the engine, which answers 101 and
 * takes the connection over, or refuses with a precise status. Mapped for every method so a non-GET
 * gets the engine's own 405 answer.
 */
@Controller
class ChatController {

    private final WebSocketUpgrader upgrader;
    private final EndpointConfig chatEndpoint;

    ChatController(WebSocketUpgrader upgrader, EndpointConfig chatEndpoint) {
        this.upgrader = upgrader;
        this.chatEndpoint = chatEndpoint;
    }

    @RequestMapping("/ws")
    void connect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        upgrader.upgrade(request, response, chatEndpoint);
    }
}
