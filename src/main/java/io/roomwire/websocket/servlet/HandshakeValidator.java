package io.roomwire.websocket.servlet;

import io.roomwire.websocket.EndpointConfig;
import io.roomwire.websocket.HandshakeRejection;
import io.roomwire.websocket.DeflatePolicy;
import io.roomwire.websocket.protocol.AcceptKey;
import io.roomwire.websocket.protocol.DeflateParameters;
import io.roomwire.websocket.protocol.ExtensionOffer;
import io.roomwire.websocket.protocol.HeaderTokens;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Checks an opening handshake against RFC 6455 §4.2.1 and the endpoint's rules, in the order the
 * RFC lists them, picks the subprotocol (§4.2.2) and, when the endpoint allows it, answers a
 * permessage-deflate offer (RFC 7692 §5). Stateless and thread-safe.
 */
final class HandshakeValidator {

    /**
     * The verdict: a rejection, or acceptance with the key, the chosen subprotocol and the agreed
     * permessage-deflate parameters (each maybe null).
     */
    record Outcome(HandshakeRejection rejection, String key, String subprotocol, DeflateParameters deflate) {
        boolean accepted() {
            return rejection == null;
        }
    }

    private HandshakeValidator() {
    }

    static Outcome check(HttpServletRequest request, EndpointConfig endpoint) {
        // §4.2.1 item 1: "An HTTP/1.1 or higher GET request".
        if (!"GET".equals(request.getMethod())) {
            return reject(HandshakeRejection.METHOD_NOT_GET);
        }
        if (!isHttp11OrLater(request.getProtocol())) {
            return reject(HandshakeRejection.HTTP_VERSION);
        }
        // Item 2: a |Host| header field.
        String host = request.getHeader("Host");
        if (host == null || host.isBlank()) {
            return reject(HandshakeRejection.MISSING_HOST);
        }
        // Items 3-4: Upgrade contains "websocket", Connection contains "Upgrade", case-insensitively.
        if (!HeaderTokens.contains(values(request, "Upgrade"), "websocket")) {
            return reject(HandshakeRejection.NOT_WEBSOCKET_UPGRADE);
        }
        if (!HeaderTokens.contains(values(request, "Connection"), "upgrade")) {
            return reject(HandshakeRejection.CONNECTION_NOT_UPGRADE);
        }
        // Item 5: Sec-WebSocket-Key, base64 of 16 bytes; exactly one.
        List<String> keys = values(request, "Sec-WebSocket-Key");
        String key = keys.size() == 1 ? keys.getFirst().trim() : null;
        if (!AcceptKey.isValidKey(key)) {
            return reject(HandshakeRejection.BAD_KEY);
        }
        // Item 6 and §4.4: version 13, else 426 naming the versions we speak.
        List<String> versions = values(request, "Sec-WebSocket-Version");
        if (versions.size() != 1 || !"13".equals(versions.getFirst().trim())) {
            return reject(HandshakeRejection.UNSUPPORTED_VERSION);
        }
        // §10.2: browsers send Origin; refuse cross-site pages unless allowed.
        String origin = request.getHeader("Origin");
        if (origin != null && !originAllowed(origin, host, request.isSecure(), endpoint.allowedOrigins())) {
            return reject(HandshakeRejection.ORIGIN_FORBIDDEN);
        }
        List<String> offered = HeaderTokens.split(values(request, "Sec-WebSocket-Protocol"));
        String subprotocol = null;
        if (!offered.isEmpty() && !endpoint.subprotocols().isEmpty()) {
            subprotocol = endpoint.subprotocols().stream().filter(offered::contains).findFirst().orElse(null);
            if (subprotocol == null) {
                return reject(HandshakeRejection.NO_COMMON_SUBPROTOCOL);
            }
        }
        return new Outcome(null, key, subprotocol, deflate(request, endpoint.policy().deflate()));
    }

    /** RFC 7692 §5: the first offer we can honour, or null (declining is not a failure: §9.1). */
    private static DeflateParameters deflate(HttpServletRequest request, DeflatePolicy policy) {
        if (!policy.enabled()) {
            return null;
        }
        List<String> values = values(request, "Sec-WebSocket-Extensions");
        if (values.isEmpty()) {
            return null;
        }
        return DeflateParameters.negotiate(ExtensionOffer.parse(values), policy.mode() == DeflatePolicy.Mode.SHARED);
    }

    private static Outcome reject(HandshakeRejection rejection) {
        return new Outcome(rejection, null, null, null);
    }

    private static List<String> values(HttpServletRequest request, String name) {
        var headers = request.getHeaders(name);
        return headers == null ? List.of() : Collections.list(headers);
    }

    private static boolean isHttp11OrLater(String protocol) {
        if (protocol == null || !protocol.startsWith("HTTP/")) {
            return false;
        }
        String version = protocol.substring(5);
        return !version.equals("1.0") && !version.equals("0.9");
    }

    /** Same origin (scheme, host and port of the request) or listed; "*" allows any. */
    static boolean originAllowed(String origin, String host, boolean secure, List<String> allowed) {
        String normalized = normalizeOrigin(origin);
        if (normalized == null) {
            return allowed.contains("*");
        }
        for (String candidate : allowed) {
            if (candidate.equals("*") || normalized.equals(normalizeOrigin(candidate))) {
                return true;
            }
        }
        String self = normalizeOrigin((secure ? "https://" : "http://") + host);
        return normalized.equals(self);
    }

    /** scheme://host:port, lower-case, with the scheme's default port made explicit; null if unparseable. */
    static String normalizeOrigin(String origin) {
        try {
            URI uri = URI.create(origin.trim());
            String scheme = uri.getScheme();
            String host = uri.getHost();
            if (scheme == null || host == null) {
                return null;
            }
            scheme = scheme.toLowerCase(Locale.ROOT);
            int port = uri.getPort();
            if (port == -1) {
                port = switch (scheme) {
                    case "https", "wss" -> 443;
                    default -> 80;
                };
            }
            return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + port;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
