package io.roomwire.websocket;

import java.util.List;

/**
 * One WebSocket endpoint: its handler, limits and handshake rules. Immutable.
 *
 * @param handler        the application callbacks
 * @param policy         limits and timeouts
 * @param subprotocols   supported subprotocols in order of preference; when non-empty, a client
 *                       that offers subprotocols but none of these is refused (400)
 * @param allowedOrigins origins (scheme://host[:port]) allowed besides the server's own; "*" allows
 *                       any. Requests with no Origin header (non-browser clients) are allowed.
 */
public record EndpointConfig(WebSocketHandler handler, WebSocketPolicy policy, List<String> subprotocols,
        List<String> allowedOrigins) {

    public EndpointConfig {
        subprotocols = List.copyOf(subprotocols);
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
