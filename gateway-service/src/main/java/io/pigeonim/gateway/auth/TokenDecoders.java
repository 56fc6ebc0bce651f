package io.pigeonim.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/** Builds the JWT decoder for one of the two key sources of PROTOCOL.md §1: a shared secret or a JWKS URL. */
public final class TokenDecoders {

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private TokenDecoders() {
    }

    /** The key for HS256 from a secret's UTF-8 bytes. */
    public static SecretKey hmacKey(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("secret: " + bytes.length + " bytes (expected: at least "
                    + MIN_SECRET_BYTES + ")");
        }
        return new SecretKeySpec(bytes, "HmacSHA256");
    }

    /** Accepts HS256 tokens signed with {@code secret} and nothing else (no {@code none}, no other algorithm). */
    public static ReactiveJwtDecoder hs256(String secret, Clock clock, Duration clockSkew) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(hmacKey(secret))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(new IdentityClaimsValidator(clock, clockSkew));
        return decoder;
    }

    /**
     * Accepts RS256 or ES256 tokens signed by a key of the JWKS at {@code jwksUrl}.
     *
     * @implNote The key set is fetched lazily and cached by Nimbus; a token whose {@code kid} is unknown
     *     triggers a refetch, so key rotation needs no restart.
     */
    public static ReactiveJwtDecoder jwks(String jwksUrl, Clock clock, Duration clockSkew) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(jwksUrl)
                .jwsAlgorithms(algorithms -> {
                    algorithms.add(SignatureAlgorithm.RS256);
                    algorithms.add(SignatureAlgorithm.ES256);
                })
                .build();
        decoder.setJwtValidator(new IdentityClaimsValidator(clock, clockSkew));
        return decoder;
    }
}
