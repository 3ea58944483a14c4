package io.roomwire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.roomwire.chat.Grant;
import io.roomwire.chat.User;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.core.io.Resource;

/**
 * Verifies a signed JWT (RFC 7519) with Nimbus JOSE + JWT and turns its claims into a {@link Grant}:
 * the signature against the configured HMAC secret, PEM public key or JWKS (RFC 7515; unsigned
 * {@code alg: none} tokens are refused), then {@code exp} (required) and {@code nbf} with the clock
 * skew (RFC 7519 §4.1.4-4.1.5), {@code iss} and {@code aud} when configured (§4.1.1, §4.1.3), and
 * {@code sub} (required, the user id). Claims: {@code name}, {@code avatar} (or {@code picture}),
 * {@code rooms} (patterns of private rooms the user may join), {@code roles} ({@code moderator}).
 * Thread-safe.
 */
public final class TokenVerifier {

    private static final String MODERATOR = "moderator";

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final AuthProperties properties;
    private final Clock clock;

    public TokenVerifier(AuthProperties properties, Clock clock) {
        this.properties = properties;
        this.clock = clock;
        List<JWK> keys = new ArrayList<>();
        Set<JWSAlgorithm> algorithms = new HashSet<>();
        if (properties.hasHmacSecret()) {
            algorithms.addAll(JWSAlgorithm.Family.HMAC_SHA);
        }
        if (properties.publicKey() != null) {
            keys.add(pemKey(properties.publicKey()));
        }
        if (properties.jwks() != null) {
            keys.addAll(jwks(properties.jwks()));
        }
        for (JWK key : keys) {
            algorithms.addAll(key instanceof RSAKey ? JWSAlgorithm.Family.RSA : JWSAlgorithm.Family.EC);
        }
        // RFC 7518 §3.2: HS* with a secret of at least the hash's size (checked in AuthProperties).
        if (properties.hasHmacSecret()) {
            keys.add(new OctetSequenceKey.Builder(properties.hmacSecret().getBytes(StandardCharsets.UTF_8)).build());
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(algorithms, new ImmutableJWKSet<>(new JWKSet(keys))));
        // The claims are checked below, with reasons a client can act on.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
    }

    /** The grant of a valid token; a {@link TokenRefusal} naming why not. */
    public Grant verify(String token) throws TokenRefusal {
        if (token == null || token.isBlank()) {
            throw new TokenRefusal(TokenRefusal.Reason.MISSING);
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new TokenRefusal(TokenRefusal.Reason.MALFORMED);
        } catch (BadJOSEException | JOSEException e) {
            throw new TokenRefusal(TokenRefusal.Reason.BAD_SIGNATURE);
        }
        long now = clock.millis();
        long skew = properties.clockSkew().toMillis();
        Date exp = claims.getExpirationTime();
        String subject = claims.getSubject();
        if (exp == null || subject == null || subject.isBlank()) {
            throw new TokenRefusal(TokenRefusal.Reason.MISSING_CLAIM);
        }
        if (now - skew >= exp.getTime()) {
            throw new TokenRefusal(TokenRefusal.Reason.EXPIRED);
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now + skew < nbf.getTime()) {
            throw new TokenRefusal(TokenRefusal.Reason.NOT_YET_VALID);
        }
        if (properties.issuer() != null && !properties.issuer().equals(claims.getIssuer())) {
            throw new TokenRefusal(TokenRefusal.Reason.WRONG_ISSUER);
        }
        if (properties.audience() != null
                && (claims.getAudience() == null || !claims.getAudience().contains(properties.audience()))) {
            throw new TokenRefusal(TokenRefusal.Reason.WRONG_AUDIENCE);
        }
        String name = string(claims, "name");
        String avatar = string(claims, "avatar");
        User user = new User(subject, name == null ? subject : name, avatar != null ? avatar : string(claims, "picture"));
        return new Grant(user, strings(claims, "rooms"), strings(claims, "roles").contains(MODERATOR),
                exp.getTime() + skew);
    }

    private static String string(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s ? s : null;
    }

    /** A claim that is a list of strings, or one string of space-separated values (as OAuth's scope). */
    private static List<String> strings(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof String s) {
            return s.isBlank() ? List.of() : List.of(s.trim().split("\\s+"));
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    /** An RSA or EC public key from a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) block. */
    private static JWK pemKey(Resource resource) {
        String pem = read(resource);
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("roomwire.auth.public-key is not a PEM public key: " + resource, e);
        }
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                PublicKey key = KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
                if (key instanceof RSAPublicKey rsa) {
                    return new RSAKey.Builder(rsa).build();
                }
                ECPublicKey ec = (ECPublicKey) key;
                return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).build();
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next
            }
        }
        throw new IllegalArgumentException("roomwire.auth.public-key holds neither an RSA nor an EC public key: " + resource);
    }

    private static List<JWK> jwks(Resource resource) {
        try {
            return JWKSet.parse(read(resource)).getKeys().stream().map(JWK::toPublicJWK).toList();
        } catch (ParseException e) {
            throw new IllegalArgumentException("roomwire.auth.jwks is not a JSON Web Key Set: " + resource, e);
        }
    }

    private static String read(Resource resource) {
        try (InputStream in = resource.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read " + resource + ": " + e.getMessage(), e);
        }
    }
}
