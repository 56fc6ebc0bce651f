package io.pigeonim.e2e;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs the gateway did not issue, for the authorization matrix: signed with the local run's development secret
 * but expired or for another audience, or signed with a key nobody trusts.
 */
final class Tokens {

    /** The local run's HS256 secret (gateway default in development mode); {@code JWT_SECRET} overrides it. */
    static final String LOCAL_SECRET = System.getenv().getOrDefault("JWT_SECRET",
            "dev-only-insecure-pigeon-jwt-secret-change-me");
    /** The issuer and audience the local run configures ({@code ./pigeon}). */
    static final String ISSUER = System.getenv().getOrDefault("JWT_ISSUER", "pigeon-local");
    static final String AUDIENCE = System.getenv().getOrDefault("JWT_AUDIENCE", "pigeon");

    private Tokens() {
    }

    static String expired(String uid, String deviceId) {
        return hs256(LOCAL_SECRET, claims(uid, deviceId, Instant.now().minusSeconds(600), AUDIENCE));
    }

    static String wrongAudience(String uid, String deviceId) {
        return hs256(LOCAL_SECRET, claims(uid, deviceId, Instant.now().plusSeconds(600), "another-application"));
    }

    static String forged(String uid, String deviceId) {
        return hs256("a-secret-the-gateway-has-never-seen-0123456789",
                claims(uid, deviceId, Instant.now().plusSeconds(600), AUDIENCE));
    }

    private static String claims(String uid, String deviceId, Instant expiresAt, String audience) {
        return "{\"sub\":\"" + uid + "\",\"did\":\"" + deviceId + "\",\"iss\":\"" + ISSUER + "\",\"aud\":\"" + audience
                + "\",\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
    }

    private static String hs256(String secret, String claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + b64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
