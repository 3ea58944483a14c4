package io.roomwire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * Signs HS256 tokens with {@code roomwire.auth.hmac-secret} for any user, so token mode can be tried
 * without an identity provider ({@code roomwire.auth.dev.issuer=true}; the admin API's
 * {@code POST /api/admin/dev/tokens}). Whoever can call it can be anyone: never on in production.
 * Thread-safe.
 */
public final class DevTokenIssuer {

    private final AuthProperties properties;
    private final Clock clock;
    private final MACSigner signer;

    public DevTokenIssuer(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        try {
            this.signer = new MACSigner(properties.hmacSecret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("roomwire.auth.hmac-secret cannot sign HS256", e);
        }
    }

    /** A signed token for {@code userId}; null fields are left out, {@code ttl} null means the default. */
    public String sign(String userId, String name, String avatar, List<String> rooms, List<String> roles, Duration ttl) {
        long now = clock.millis();
        Duration lifetime = ttl != null ? ttl : properties.dev().tokenTtl();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(userId).issueTime(new Date(now))
                .expirationTime(new Date(now + lifetime.toMillis()));
        if (properties.issuer() != null) {
            claims.issuer(properties.issuer());
        }
        if (properties.audience() != null) {
            claims.audience(properties.audience());
        }
        if (name != null) {
            claims.claim("name", name);
        }
        if (avatar != null) {
            claims.claim("avatar", avatar);
        }
        claims.claim("rooms", rooms == null ? List.of() : rooms);
        claims.claim("roles", roles == null ? List.of() : roles);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("Signing failed", e);
        }
        return jwt.serialize();
    }
}
