package io.roomwire.websocket.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One element of a {@code Sec-WebSocket-Extensions} header (RFC 6455 §9.1): an extension name and
 * its parameters, in order, each with or without a value. {@link #parse} reads every element of
 * every header value; an element that breaks the grammar is kept with {@code malformed} set, so a
 * negotiator declines it and goes on with the next offer. Immutable.
 *
 * @param name      the extension token, lower-cased
 * @param params    the parameters in order (duplicates kept: what they mean is the extension's call)
 * @param malformed true when the element does not follow the §9.1 grammar
 */
public record ExtensionOffer(String name, List<Param> params, boolean malformed) {

    /** {@code token [ "=" (token | quoted-string) ]}; value null when absent, unquoted when quoted. */
    public record Param(String name, String value) {
    }

    public ExtensionOffer {
        params = List.copyOf(params);
    }

    /** Every element of every value, in order; empty list elements are skipped (RFC 9110 §5.6.1). */
    public static List<ExtensionOffer> parse(Iterable<String> headerValues) {
        List<ExtensionOffer> offers = new ArrayList<>();
        for (String value : headerValues) {
            if (value != null) {
                new Scanner(value).elements(offers);
            }
        }
        return offers;
    }

    /** A cursor over one header value. */
    private static final class Scanner {
        private final String s;
        private int at;

        Scanner(String s) {
            this.s = s;
        }

        void elements(List<ExtensionOffer> out) {
            while (true) {
                skipSpace();
                if (at >= s.length()) {
                    return;
                }
                if (s.charAt(at) == ',') {
                    at++;
                    continue;
                }
                out.add(element());
            }
        }

        /** One element up to the next top-level comma, which is left unread. */
        private ExtensionOffer element() {
            String name = token();
            List<Param> params = new ArrayList<>();
            boolean malformed = name.isEmpty();
            while (!malformed) {
                skipSpace();
                if (at >= s.length() || s.charAt(at) == ',') {
                    break;
                }
                if (s.charAt(at) != ';') {
                    malformed = true;
                    break;
                }
                at++;
                skipSpace();
                String param = token();
                if (param.isEmpty()) {
                    malformed = true;
                    break;
                }
                skipSpace();
                String value = null;
                if (at < s.length() && s.charAt(at) == '=') {
                    at++;
                    skipSpace();
                    value = at < s.length() && s.charAt(at) == '"' ? quoted() : token();
                    // §9.1: a quoted value, once unescaped, MUST still be a token.
                    if (value == null || value.isEmpty() || !isToken(value)) {
                        malformed = true;
                        break;
                    }
                }
                params.add(new Param(param.toLowerCase(Locale.ROOT), value));
            }
            if (malformed) {
                skipToComma();
            }
            return new ExtensionOffer(name.toLowerCase(Locale.ROOT), params, malformed);
        }

        private String token() {
            int start = at;
            while (at < s.length() && isTokenChar(s.charAt(at))) {
                at++;
            }
            return s.substring(start, at);
        }

        /** A quoted-string (RFC 9110 §5.6.4) with its escapes undone; null when unterminated. */
        private String quoted() {
            StringBuilder b = new StringBuilder();
            at++;
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == '"') {
                    return b.toString();
                }
                if (c == '\\') {
                    if (at >= s.length()) {
                        return null;
                    }
                    c = s.charAt(at++);
                }
                b.append(c);
            }
            return null;
        }

        /** Resynchronises after a malformed element: the next comma outside quotes. */
        private void skipToComma() {
            boolean inQuotes = false;
            while (at < s.length()) {
                char c = s.charAt(at);
                if (inQuotes && c == '\\') {
                    at += 2;
                    continue;
                }
                if (c == '"') {
                    inQuotes = !inQuotes;
                } else if (c == ',' && !inQuotes) {
                    return;
                }
                at++;
            }
        }

        private void skipSpace() {
            while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t')) {
                at++;
            }
        }
    }

    static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
