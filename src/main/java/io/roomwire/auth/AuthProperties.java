package io.roomwire.auth;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.core.io.Resource;

/**
 * {@code roomwire.auth.*}: signed user identities (docs/protocol.md, "Signed identities"). Off by
 * default: everyone who reaches {@code /ws} is a guest who picks a name.
 *
 * @param mode        {@code none} (guests) or {@code token}: every connection presents a signed JWT
 * @param hmacSecret  a shared secret for HS256/384/512 tokens, at least 32 bytes
 * @param publicKey   a PEM file with the RSA or EC public key of RS*, PS* or ES* tokens
 * @param jwks        a JWKS file (a JSON Web Key Set) with the public keys tokens may be signed with
 * @param issuer      when set, the {@code iss} every token must carry
 * @param audience    when set, a value the token's {@code aud} must contain
 * @param clockSkew   leeway for {@code exp} and {@code nbf} between the issuer's clock and ours
 * @param authTimeout how long a connection that came without a {@code token} parameter has to send
 *                    its {@code auth} message before it is closed (4003)
 * @param dev         a token issuer for local trials, never for production
 */
@ConfigurationProperties("roomwire.auth")
public record AuthProperties(
        @DefaultValue("none") Mode mode,
        String hmacSecret,
        Resource publicKey,
        Resource jwks,
        String issuer,
        String audience,
        @DefaultValue("30s") Duration clockSkew,
        @DefaultValue("10s") Duration authTimeout,
        @DefaultValue Dev dev) {

    /** Whether connections need a signed token. */
    public enum Mode {
        NONE, TOKEN
    }

    /**
     * @param issuer   when true (and {@code hmac-secret} is set), the admin API signs tokens for any user
     *                 ({@code POST /api/admin/dev/tokens}): for trying token mode in a minute
     * @param tokenTtl the lifetime of the tokens it signs, unless the request asks for another
     */
    public record Dev(@DefaultValue("false") boolean issuer, @DefaultValue("1h") Duration tokenTtl) {
    }

    public AuthProperties {
        // Compact constructor: the fields are not assigned yet, so read the parameters only.
        boolean secret = hmacSecret != null && !hmacSecret.isEmpty();
        if (secret && hmacSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("roomwire.auth.hmac-secret must be at least 32 bytes (RFC 7518 §3.2)");
        }
        if (mode == Mode.TOKEN && !secret && publicKey == null && jwks == null) {
            throw new IllegalArgumentException(
                    "roomwire.auth.mode=token needs roomwire.auth.hmac-secret, public-key or jwks to verify tokens with");
        }
        if (dev.issuer() && (mode != Mode.TOKEN || !secret)) {
            throw new IllegalArgumentException(
                    "roomwire.auth.dev.issuer needs roomwire.auth.mode=token and roomwire.auth.hmac-secret to sign with");
        }
        if (clockSkew.isNegative() || !authTimeout.isPositive()) {
            throw new IllegalArgumentException("roomwire.auth.clock-skew must be >= 0 and auth-timeout > 0");
        }
    }

    public boolean hasHmacSecret() {
        return hmacSecret != null && !hmacSecret.isEmpty();
    }
}
