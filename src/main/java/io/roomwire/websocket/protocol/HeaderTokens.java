package io.roomwire.websocket.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Comma-separated header lists (RFC 9110 §5.6.1), as used by {@code Connection}, {@code Upgrade}
 * and {@code Sec-WebSocket-Protocol}. A header may repeat; every value is split. Stateless.
 */
public final class HeaderTokens {

    private HeaderTokens() {
    }

    /** All non-empty, trimmed elements of every value, in order. */
    public static List<String> split(Iterable<String> headerValues) {
        List<String> tokens = new ArrayList<>();
        for (String value : headerValues) {
            if (value == null) {
                continue;
            }
            for (String part : value.split(",")) {
                String token = part.trim();
                if (!token.isEmpty()) {
                    tokens.add(token);
                }
            }
        }
        return tokens;
    }

    /** Whether any element equals {@code token}, ignoring ASCII case (§4.2.1: "case-insensitive"). */
    public static boolean contains(Iterable<String> headerValues, String token) {
        String wanted = token.toLowerCase(Locale.ROOT);
        for (String candidate : split(headerValues)) {
            // Upgrade may carry a version, as in "websocket/13"; the protocol name is what counts.
            int slash = candidate.indexOf('/');
            String name = slash < 0 ? candidate : candidate.substring(0, slash);
            if (candidate.toLowerCase(Locale.ROOT).equals(wanted) || name.toLowerCase(Locale.ROOT).equals(wanted)) {
                return true;
            }
        }
        return false;
    }
}
