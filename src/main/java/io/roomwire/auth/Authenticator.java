package io.roomwire.auth;

import io.roomwire.chat.Grant;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The gateway's one view of authentication: whether connections need a signed token, verifying one
 * (refusals counted by reason for {@code roomwire_auth_refused_total}), and how long a connection
 * may take to authenticate. In {@code none} mode nothing is ever verified. Thread-safe.
 */
public final class Authenticator {

    private final AuthProperties properties;
    private final TokenVerifier verifier; // null in none mode
    private final Map<TokenRefusal.Reason, LongAdder> refused = new EnumMap<>(TokenRefusal.Reason.class);
    private final LongAdder expiredCloses = new LongAdder();

    public Authenticator(AuthProperties properties, TokenVerifier verifier) {
        this.properties = properties;
        this.verifier = verifier;
        for (TokenRefusal.Reason reason : TokenRefusal.Reason.values()) {
            refused.put(reason, new LongAdder());
        }
    }

    /** Token mode: every connection must present a signed token. */
    public boolean required() {
        return verifier != null;
    }

    public Grant verify(String token) throws TokenRefusal {
        try {
            return verifier.verify(token);
        } catch (TokenRefusal e) {
            refused.get(e.reason()).increment();
            throw e;
        }
    }

    public Duration authTimeout() {
        return properties.authTimeout();
    }

    /** A live connection closed because its token expired without a refresh. */
    public void countExpiredClose() {
        expiredCloses.increment();
    }

    public long refused(TokenRefusal.Reason reason) {
        return refused.get(reason).sum();
    }

    public long expiredCloses() {
        return expiredCloses.sum();
    }
}
