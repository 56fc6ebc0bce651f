package io.pigeonim.gateway.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

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
        return hs256(secret, clock, clockSkew, null, null);
    }

    /** As {@link #hs256(String, Clock, Duration)}, and {@code iss}/{@code aud} checked when given (not null). */
    public static ReactiveJwtDecoder hs256(String secret, Clock clock, Duration clockSkew, String issuer,
            String audience) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(hmacKey(secret))
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(validator(clock, clockSkew, issuer, audience));
        return decoder;
    }

    /** Pigeon's claims, then {@code iss} equal to {@code issuer} and {@code aud} holding {@code audience} if given. */
    private static OAuth2TokenValidator<Jwt> validator(Clock clock, Duration clockSkew, String issuer,
            String audience) {
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(new IdentityClaimsValidator(clock, clockSkew));
        if (issuer != null) {
            validators.add(new JwtIssuerValidator(issuer));
        }
        if (audience != null) {
            validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD,
                    aud -> aud != null && aud.contains(audience)));
        }
        return new DelegatingOAuth2TokenValidator<>(validators);
    }

    /** Least time between two JWKS fetches, whatever {@code kid}s tokens carry. */
    public static final Duration JWKS_MIN_REFRESH = Duration.ofSeconds(30);
    /** Age at which the JWKS is fetched again anyway (key rotation without a restart). */
    public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);

    /**
     * Accepts RS256 or ES256 tokens signed by a key of the JWKS at {@code jwksUrl}, issued by {@code issuer} for
     * {@code audience}: a token the same identity provider issued for another application is refused.
     *
     * @implNote The key set is fetched through {@link RateLimitedJwkSource}: an unknown {@code kid} refetches it at
     *     most once per {@link #JWKS_MIN_REFRESH}, so rotation needs no restart and random {@code kid}s cause no
     *     fetch storm.
     */
    public static ReactiveJwtDecoder jwks(String jwksUrl, String issuer, String audience, Clock clock,
            Duration clockSkew) {
        WebClient web = WebClient.create();
        RateLimitedJwkSource source = new RateLimitedJwkSource(
                () -> web.get().uri(jwksUrl).retrieve().bodyToMono(String.class).timeout(Duration.ofSeconds(5)),
                clock, JWKS_MIN_REFRESH, JWKS_MAX_AGE);
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(source)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        decoder.setJwtValidator(validator(clock, clockSkew, Objects.requireNonNull(issuer, "issuer"),
                Objects.requireNonNull(audience, "audience")));
        return decoder;
    }
}
