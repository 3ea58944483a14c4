package io.roomwire.auth;

/**
 * Why a token was refused: the one-line reason a client reads (HTTP 401 body, {@code error} message)
 * and the {@code reason} tag of {@code roomwire_auth_refused_total}. Never the library's own words,
 * which may name classes.
 */
public final class TokenRefusal extends Exception {

    /** The refusal reasons, each with its tag and its line for the client. */
    public enum Reason {
        MISSING("missing", "a signed token is required"),
        MALFORMED("malformed", "the token is not a signed JWT"),
        BAD_SIGNATURE("bad_signature", "the token's signature does not verify"),
        EXPIRED("expired", "the token has expired"),
        NOT_YET_VALID("not_yet_valid", "the token is not valid yet"),
        WRONG_ISSUER("wrong_issuer", "the token comes from another issuer"),
        WRONG_AUDIENCE("wrong_audience", "the token is meant for another audience"),
        MISSING_CLAIM("missing_claim", "the token lacks a required claim (sub, exp)");

        private final String tag;
        private final String line;

        Reason(String tag, String line) {
            this.tag = tag;
            this.line = line;
        }

        public String tag() {
            return tag;
        }

        public String line() {
            return line;
        }
    }

    private final Reason reason;

    public TokenRefusal(Reason reason) {
        super(reason.line(), null, false, false); // expected, frequent: no stack trace
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
