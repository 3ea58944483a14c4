package io.roomwire.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signs test tokens with any claims, keys and algorithms, valid or not. */
public final class Tokens {

    private Tokens() {
    }

    /** Claims for {@code sub} expiring {@code ttlSeconds} from now (negative: already expired). */
    public static JWTClaimsSet.Builder claims(String sub, long ttlSeconds) {
        return new JWTClaimsSet.Builder().subject(sub).expirationTime(Date.from(Instant.now().plusSeconds(ttlSeconds)));
    }

    public static String hs256(String secret, JWTClaimsSet.Builder claims) {
        try {
            return sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)), JWSAlgorithm.HS256, claims);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sign(JWSSigner signer, JWSAlgorithm algorithm, JWTClaimsSet.Builder claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(algorithm), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** An unsecured JWT ({@code alg: none}, RFC 7519 §6): must never be accepted. */
    public static String unsigned(JWTClaimsSet.Builder claims) {
        return new PlainJWT(claims.build()).serialize();
    }

    public static JWTClaimsSet.Builder withRooms(JWTClaimsSet.Builder claims, String... rooms) {
        return claims.claim("rooms", List.of(rooms));
    }
}
