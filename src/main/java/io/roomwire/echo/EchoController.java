package io.roomwire.echo;

import io.roomwire.server.WebSocketProperties;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /ws/echo}: an echo endpoint for conformance suites such as the Autobahn|TestSuite, served
 * only with {@code roomwire.echo.enabled=true}. Mapped for every method so a non-GET gets the
 * engine's own 405 answer.
 */
@Controller
@ConditionalOnBooleanProperty("roomwire.echo.enabled")
class EchoController {

    private final WebSocketUpgrader upgrader;
    private final EndpointConfig endpoint;

    EchoController(WebSocketUpgrader upgrader, EchoProperties echo, WebSocketProperties websocket) {
        this.upgrader = upgrader;
        this.endpoint = new EndpointConfig(new EchoHandler(), echo.toPolicy(websocket.toPolicy()), List.of(),
                websocket.allowedOrigins());
    }

    @RequestMapping("/ws/echo")
    void echo(HttpServletRequest request, HttpServletResponse response) throws IOException {
        upgrader.upgrade(request, response, endpoint);
    }
}
