package io.roomwire.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A hand-made HTTP request for {@link RawSocketClient#send}, by default a valid RFC 6455 §4.1
 * opening handshake with a fresh key; tests change, drop or add single headers to break one rule at
 * a time.
 */
public final class RawHandshake {

    /** RFC 6455 §1.3. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final SecureRandom RANDOM = new SecureRandom();

    private String method = "GET";
    private final String target;
    private String version = "HTTP/1.1";
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private RawHandshake(String target) {
        this.target = target;
    }

    /** The default opening handshake for {@code target} (a path, with any query). */
    public static RawHandshake to(int port, String target) {
        return new RawHandshake(target)
                .header("Host", "127.0.0.1:" + port)
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade")
                .header("Sec-WebSocket-Key", newKey())
                .header("Sec-WebSocket-Version", "13");
    }

    /** base64 of 16 random bytes (§4.1). */
    public static String newKey() {
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        return Base64.getEncoder().encodeToString(nonce);
    }

    /** §4.2.2 step 5.4, computed independently of the engine's AcceptKey. */
    public static String expectedAccept(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    public RawHandshake method(String method) {
        this.method = method;
        return this;
    }

    public RawHandshake version(String version) {
        this.version = version;
        return this;
    }

    /** Sets a header, replacing any value of the same name (names compared case-insensitively). */
    public RawHandshake header(String name, String value) {
        without(name);
        headers.put(name, new ArrayList<>(List.of(value)));
        return this;
    }

    /** Adds one more line for a header, keeping earlier ones. */
    public RawHandshake addHeader(String name, String value) {
        headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        return this;
    }

    public RawHandshake without(String name) {
        headers.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)));
        return this;
    }

    public String key() {
        List<String> keys = headers.get("Sec-WebSocket-Key");
        return keys == null ? null : keys.getFirst();
    }

    public String render() {
        StringBuilder sb = new StringBuilder().append(method).append(' ').append(target).append(' ')
                .append(version).append("\r\n");
        headers.forEach((name, values) -> values.forEach(v -> sb.append(name).append(": ").append(v).append("\r\n")));
        return sb.append("\r\n").toString();
    }
}
