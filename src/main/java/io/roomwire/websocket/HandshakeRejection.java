package io.roomwire.websocket;

import java.util.Locale;

/**
 * Why an opening handshake was refused (RFC 6455 §4.2.1-§4.2.2), with the HTTP status and the
 * one-line body the client gets. Each is counted separately.
 */
public enum HandshakeRejection {
    METHOD_NOT_GET(405, "WebSocket handshake requires GET"),
    HTTP_VERSION(400, "WebSocket handshake requires HTTP/1.1 or later"),
    MISSING_HOST(400, "Missing Host header"),
    NOT_WEBSOCKET_UPGRADE(400, "Upgrade header must contain websocket"),
    CONNECTION_NOT_UPGRADE(400, "Connection header must contain Upgrade"),
    BAD_KEY(400, "Sec-WebSocket-Key must be base64 of 16 bytes"),
    UNSUPPORTED_VERSION(426, "Unsupported Sec-WebSocket-Version; this server speaks 13"),
    ORIGIN_FORBIDDEN(403, "Origin not allowed"),
    NO_COMMON_SUBPROTOCOL(400, "None of the offered subprotocols is supported"),
    SERVER_UNAVAILABLE(503, "Server is not accepting WebSocket connections"),
    HANDSHAKES_BUSY(503, "Too many handshakes in progress; retry later"),
    HANDSHAKE_RATE(429, "Too many handshakes from this address; retry later"),
    TOO_MANY_CONNECTIONS(429, "Too many connections from this address"),
    /** Never answered: the request head did not arrive in time and TCP was dropped (counted only). */
    HEADER_TIMEOUT(408, "Request head not received in time"),
    UPGRADE_FAILED(500, "Connection upgrade failed");

    private final int status;
    private final String message;

    HandshakeRejection(int status, String message) {
        this.status = status;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String message() {
        return message;
    }

    /** The metric tag: lower-case, e.g. {@code origin_forbidden}. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
