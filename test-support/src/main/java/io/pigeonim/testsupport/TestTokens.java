package io.pigeonim.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/** Mints JWTs for tests with Nimbus directly, independently of the gateway's own issuer and of token-auth. */
public final class TestTokens {

    /** The secret the tests configure the gateway and the connectors (token mode) with. */
    public static final String SECRET = "test-secret-for-gateway-tests-0123456789abcdef";

    private TestTokens() {
    }

    /** HS256 with {@link #SECRET}: sub = uid, did = deviceId, exp = {@code expiresAt}. */
    public static String signed(String uid, String deviceId, Instant expiresAt) {
        return signed(SECRET, claims(uid, deviceId, expiresAt).build());
    }

    /** A token signed with {@code secret}, any claims. */
    public static String signed(String secret, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** sub, did and exp; pass null to leave one out. */
    public static JWTClaimsSet.Builder claims(String uid, Object deviceId, Instant expiresAt) {
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(uid);
        if (deviceId != null) {
            builder.claim("did", deviceId);
        }
        if (expiresAt != null) {
            builder.expirationTime(Date.from(expiresAt));
        }
        return builder;
    }

    /** An unsigned ({@code alg: none}) token. */
    public static String unsigned(Map<String, Object> claims) {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8));
        StringBuilder json = new StringBuilder("{");
        claims.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":")
                .append(v instanceof String ? "\"" + v + "\"" : String.valueOf(v)));
        String payload = b64.encodeToString(json.append('}').toString().getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".";
    }
}
