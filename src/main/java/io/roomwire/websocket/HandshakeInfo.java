package io.roomwire.websocket;

import java.security.Principal;
import java.util.Map;

/**
 * What a client sent in its opening handshake (RFC 6455 §4.1). Immutable.
 *
 * @param path          the request path, e.g. {@code /ws}
 * @param query         query parameters, first value of each
 * @param origin        the {@code Origin} header, or null (non-browser clients send none)
 * @param userAgent     the {@code User-Agent} header, or null
 * @param remoteAddress the peer's address and port as text
 * @param subprotocol   the negotiated subprotocol (§1.9), or null when none was selected
 * @param principal     whom the application authenticated in front of the upgrade (the request's
 *                      {@code getUserPrincipal()}), or null
 */
public record HandshakeInfo(String path, Map<String, String> query, String origin, String userAgent,
        String remoteAddress, String subprotocol, Principal principal) {

    public HandshakeInfo {
        query = Map.copyOf(query);
    }

    public HandshakeInfo(String path, Map<String, String> query, String origin, String userAgent,
            String remoteAddress, String subprotocol) {
        this(path, query, origin, userAgent, remoteAddress, subprotocol, null);
    }

    public String queryParameter(String name) {
        return query.get(name);
    }
}
