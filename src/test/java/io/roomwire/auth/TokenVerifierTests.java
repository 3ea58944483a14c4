package io.roomwire.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import io.roomwire.chat.Grant;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/**
 * Signed tokens (RFC 7519) as the verifier sees them: each key source and algorithm family, each
 * claim check at its edge, and every refusal with its reason.
 */
class TokenVerifierTests {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!!";
    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration SKEW = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private static AuthProperties properties(String secret, Resource pem, Resource jwks, String issuer, String audience) {
        return new AuthProperties(AuthProperties.Mode.TOKEN, secret, pem, jwks, issuer, audience, SKEW,
                Duration.ofSeconds(10), new AuthProperties.Dev(false, Duration.ofHours(1)));
    }

    private static TokenVerifier hmac() {
        return new TokenVerifier(properties(SECRET, null, null, "https://id.example", "chat"), CLOCK);
    }

    /** Claims valid at NOW for the HMAC verifier above. */
    private static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder().subject("ann").issuer("https://id.example").audience(List.of("chat", "other"))
                .expirationTime(Date.from(NOW.plusSeconds(600)));
    }

    private static TokenRefusal.Reason refusal(TokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
        } catch (TokenRefusal e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + token);
    }

    @Test
    void aValidHmacTokenGrantsItsClaims() throws TokenRefusal {
        Grant grant = hmac().verify(Tokens.hs256(SECRET, valid().claim("name", "Ann").claim("avatar", "🐱")
                .claim("rooms", List.of("team-*", "ops")).claim("roles", List.of("moderator"))));

        assertThat(grant.user().id()).isEqualTo("ann");
        assertThat(grant.user().name()).isEqualTo("Ann");
        assertThat(grant.user().avatar()).isEqualTo("🐱");
        assertThat(grant.rooms()).containsExactly("team-*", "ops");
        assertThat(grant.moderator()).isTrue();
        assertThat(grant.expiresAtMillis()).as("exp plus the skew").isEqualTo(NOW.plusSeconds(630).toEpochMilli());
        assertThat(grant.allows("team-red")).isTrue();
        assertThat(grant.allows("ops")).isTrue();
        assertThat(grant.allows("ops2")).isFalse();
    }

    @Test
    void claimsMayBeSpaceSeparatedStringsAndNameAndAvatarAreOptional() throws TokenRefusal {
        Grant grant = hmac().verify(Tokens.hs256(SECRET, valid().claim("rooms", "a b*").claim("roles", "viewer")
                .claim("picture", "https://example.com/p.png")));

        assertThat(grant.user().name()).as("sub when no name").isEqualTo("ann");
        assertThat(grant.user().avatar()).isEqualTo("https://example.com/p.png");
        assertThat(grant.rooms()).containsExactly("a", "b*");
        assertThat(grant.moderator()).isFalse();
    }

    @Test
    void expiryAndNotBeforeHoldToTheClockSkew() throws TokenRefusal {
        TokenVerifier verifier = hmac();
        // RFC 7519 §4.1.4: no longer accepted on or after exp (here: exp + skew). NumericDate is in seconds.
        verifier.verify(Tokens.hs256(SECRET, valid().expirationTime(Date.from(NOW.minus(SKEW).plusSeconds(1)))));
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().expirationTime(Date.from(NOW.minus(SKEW))))))
                .isEqualTo(TokenRefusal.Reason.EXPIRED);
        // §4.1.5: not accepted before nbf (here: nbf - skew).
        verifier.verify(Tokens.hs256(SECRET, valid().notBeforeTime(Date.from(NOW.plus(SKEW)))));
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().notBeforeTime(Date.from(NOW.plus(SKEW).plusSeconds(1))))))
                .isEqualTo(TokenRefusal.Reason.NOT_YET_VALID);
    }

    @Test
    void everyRefusalHasItsReason() throws Exception {
        TokenVerifier verifier = hmac();
        assertThat(refusal(verifier, null)).isEqualTo(TokenRefusal.Reason.MISSING);
        assertThat(refusal(verifier, "  ")).isEqualTo(TokenRefusal.Reason.MISSING);
        assertThat(refusal(verifier, "not.a.jwt")).isEqualTo(TokenRefusal.Reason.MALFORMED);
        assertThat(refusal(verifier, "garbage")).isEqualTo(TokenRefusal.Reason.MALFORMED);
        assertThat(refusal(verifier, Tokens.hs256("another-secret-of-thirty-two-bytes!!", valid())))
                .isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);
        assertThat(refusal(verifier, Tokens.unsigned(valid()))).as("alg none").isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);
        KeyPair rsa = rsa();
        assertThat(refusal(verifier, Tokens.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, valid())))
                .as("an algorithm the server has no key for").isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().issuer("https://evil.example"))))
                .isEqualTo(TokenRefusal.Reason.WRONG_ISSUER);
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().issuer(null)))).isEqualTo(TokenRefusal.Reason.WRONG_ISSUER);
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().audience("other"))))
                .isEqualTo(TokenRefusal.Reason.WRONG_AUDIENCE);
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().subject(null)))).isEqualTo(TokenRefusal.Reason.MISSING_CLAIM);
        assertThat(refusal(verifier, Tokens.hs256(SECRET, valid().expirationTime(null))))
                .as("a token that never expires").isEqualTo(TokenRefusal.Reason.MISSING_CLAIM);
        // The reason text a client reads names no library or class.
        for (TokenRefusal.Reason reason : TokenRefusal.Reason.values()) {
            assertThat(reason.line()).doesNotContain("Exception").doesNotContain("nimbus");
        }
    }

    @Test
    void rsaAndEcPublicKeysFromPemFilesVerifyTheirTokens() throws Exception {
        KeyPair rsa = rsa();
        TokenVerifier byRsa = new TokenVerifier(properties(null, pem(rsa, "rsa.pem"), null, null, null), CLOCK);
        String rs256 = Tokens.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, valid());
        assertThat(byRsa.verify(rs256).user().id()).isEqualTo("ann");
        assertThat(byRsa.verify(Tokens.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.PS256, valid())).user().id())
                .isEqualTo("ann");
        assertThat(refusal(byRsa, Tokens.hs256(SECRET, valid()))).as("no secret configured")
                .isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);

        KeyPair ec = ec();
        TokenVerifier byEc = new TokenVerifier(properties(null, pem(ec, "ec.pem"), null, null, null), CLOCK);
        String es256 = Tokens.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()), JWSAlgorithm.ES256, valid());
        assertThat(byEc.verify(es256).user().id()).isEqualTo("ann");
        assertThat(refusal(byEc, rs256)).as("signed by another key").isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);
    }

    @Test
    void aJwksFileVerifiesTokensOfEachOfItsKeys() throws Exception {
        KeyPair rsa = rsa();
        KeyPair ec = ec();
        JWKSet set = new JWKSet(List.of(new RSAKey.Builder((RSAPublicKey) rsa.getPublic()).keyID("r1").build(),
                new ECKey.Builder(Curve.P_256, (ECPublicKey) ec.getPublic()).keyID("e1").build()));
        Path file = dir.resolve("jwks.json");
        Files.writeString(file, set.toString());
        TokenVerifier verifier = new TokenVerifier(properties(null, null, new FileSystemResource(file), null, null), CLOCK);

        assertThat(verifier.verify(Tokens.sign(new RSASSASigner(rsa.getPrivate()), JWSAlgorithm.RS256, valid())).user().id())
                .isEqualTo("ann");
        assertThat(verifier.verify(Tokens.sign(new ECDSASigner((ECPrivateKey) ec.getPrivate()), JWSAlgorithm.ES256,
                valid())).user().id()).isEqualTo("ann");
        assertThat(refusal(verifier, Tokens.sign(new RSASSASigner(rsa().getPrivate()), JWSAlgorithm.RS256, valid())))
                .isEqualTo(TokenRefusal.Reason.BAD_SIGNATURE);
    }

    @Test
    void misconfigurationIsRefusedAtStartWithAClearMessage() {
        assertThatThrownBy(() -> properties("short", null, null, null, null))
                .hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> properties(null, null, null, null, null))
                .hasMessageContaining("needs roomwire.auth.hmac-secret, public-key or jwks");
        assertThatThrownBy(() -> new AuthProperties(AuthProperties.Mode.NONE, null, null, null, null, null, SKEW,
                Duration.ofSeconds(10), new AuthProperties.Dev(true, Duration.ofHours(1))))
                .hasMessageContaining("dev.issuer needs");
        Path notPem = dir.resolve("not.pem");
        assertThatThrownBy(() -> {
            Files.writeString(notPem, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
            new TokenVerifier(properties(null, new FileSystemResource(notPem), null, null, null), CLOCK);
        }).hasMessageContaining("neither an RSA nor an EC public key");
    }

    @Test
    void theDevIssuerSignsTokensThisVerifierAccepts() throws TokenRefusal {
        AuthProperties props = properties(SECRET, null, null, "https://id.example", "chat");
        DevTokenIssuer issuer = new DevTokenIssuer(props, CLOCK);
        Grant grant = hmac().verify(issuer.sign("bob", "Bob", null, List.of("x-*"), List.of("moderator"), null));

        assertThat(grant.user().name()).isEqualTo("Bob");
        assertThat(grant.rooms()).containsExactly("x-*");
        assertThat(grant.moderator()).isTrue();
        assertThat(grant.expiresAtMillis()).isEqualTo(NOW.plus(Duration.ofHours(1)).plus(SKEW).toEpochMilli());
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private Resource pem(KeyPair pair, String name) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPublic().getEncoded());
        Path file = dir.resolve(name);
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n");
        return new FileSystemResource(file);
    }
}
