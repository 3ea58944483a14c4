package io.roomwire.gateway;

import io.roomwire.auth.Authenticator;
import io.roomwire.auth.TokenRefusal;
import io.roomwire.chat.Grant;
import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.servlet.WebSocketUpgrader;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /ws}: the chat endpoint. Hands the opening handshake to the engine, which answers 101 and
 * takes the connection over, or refuses with a precise status. Mapped for every method so a non-GET
 * gets the engine's own 405 answer. In token mode a {@code token} parameter is verified first: a
 * refused one gets 401 with a one-line reason; a valid one travels to the connection as its principal,
 * and the token itself is not kept. Without the parameter the connection must send {@code auth} first.
 */
@Controller
class ChatController {

    static final String TOKEN = "token";

    private final WebSocketUpgrader upgrader;
    private final EndpointConfig chatEndpoint;
    private final Authenticator authenticator;

    ChatController(WebSocketUpgrader upgrader, EndpointConfig chatEndpoint, Authenticator authenticator) {
        this.upgrader = upgrader;
        this.chatEndpoint = chatEndpoint;
        this.authenticator = authenticator;
    }

    @RequestMapping("/ws")
    void connect(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = request.getParameter(TOKEN);
        if (!authenticator.required() || token == null) {
            upgrader.upgrade(request, response, chatEndpoint);
            return;
        }
        Grant grant;
        try {
            grant = authenticator.verify(token);
        } catch (TokenRefusal refusal) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\""); // RFC 6750 §3
            response.setContentType("text/plain;charset=UTF-8");
            byte[] body = ("Unauthorized: " + refusal.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        upgrader.upgrade(new Signed(request, new SignedPrincipal(grant)), response, chatEndpoint);
    }

    /** The request as the engine sees it: the verified grant as principal, the token gone from the query. */
    private static final class Signed extends HttpServletRequestWrapper {

        private final Principal principal;

        Signed(HttpServletRequest request, Principal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> without = new LinkedHashMap<>(super.getParameterMap());
            without.remove(TOKEN);
            return without;
        }
    }
}
