package io.pigeonim.tokenauth;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pigeonim.common.trust.Secrets;
import reactor.core.publisher.Mono;

/** Builds the JWT decoder for one of the two key sources of PROTOCOL.md §1: a shared secret or a JWKS URL. */
public final class TokenDecoders {

    private static final Logger log = LoggerFactory.getLogger(TokenDecoders.class);

    /** HS256 needs a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;

    private TokenDecoders() {
    }

    /**
     * The decoder {@code settings} ask for, the JWKS (if any) fetched with {@link #keySetAt}.
     *
     * @see #of(TokenSettings, boolean, Supplier, Clock)
     */
    public static ReactiveJwtDecoder of(TokenSettings settings, boolean developmentMode, Clock clock) {
        return of(settings, developmentMode, settings.jwksUrl() == null ? Mono::empty : keySetAt(settings.jwksUrl()),
                clock);
    }

    /**
     * Fetches the JWKS document at {@code url}, without blocking a thread: the identity provider's key set, outside
     * Pigeon (so not on common-lib's {@code InternalClient}, which signs calls to Pigeon's own services).
     */
    public static Supplier<Mono<String>> keySetAt(String url) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(JWKS_FETCH_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(JWKS_FETCH_TIMEOUT).GET().build();
        return () -> Mono.fromFuture(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
                .map(response -> {
                    if (response.statusCode() != 200) {
                        throw new IllegalStateException("JWKS " + url + ": HTTP " + response.statusCode()
                                + " (expected: 200)");
                    }
                    return response.body();
                });
    }

    /**
     * The decoder {@code settings} ask for: JWKS when a URL is set, else HS256 with the secret, which outside
     * development mode must not be the public development default ({@link Secrets}).
     *
     * @param keySet fetches the JWKS document of {@link TokenSettings#jwksUrl()} when subscribed; unused in HS256
     *     mode
     */
    public static ReactiveJwtDecoder of(TokenSettings settings, boolean developmentMode, Supplier<Mono<String>> keySet,
            Clock clock) {
        if (settings.jwksUrl() != null) {
            log.info("Verifying JWTs against the JWKS at {} (issuer {}, audience {})", settings.jwksUrl(),
                    settings.issuer(), settings.audience());
            return jwks(keySet, settings.issuer(), settings.audience(), clock, settings.clockSkew());
        }
        Secrets.require("JWT_SECRET", settings.secret(), developmentMode);
        if (Secrets.isDevelopment(settings.secret())) {
            log.warn("Verifying JWTs (HS256) with the built-in development secret (development mode)");
        } else {
            log.info("Verifying JWTs (HS256) with the configured secret");
        }
        return hs256(settings.secret(), clock, settings.clockSkew(), settings.issuer(), settings.audience());
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
        decoder.setClaimSetConverter(IssuedClaims.INSTANCE);
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
    /** Longest wait for the JWKS document; past it the token is answered 503 and the next one fetches again. */
    public static final Duration JWKS_FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** Age at which the JWKS is fetched again anyway (key rotation without a restart). */
    public static final Duration JWKS_MAX_AGE = Duration.ofMinutes(10);

    /**
     * Accepts RS256 or ES256 tokens signed by a key of the JWKS {@code keySet} fetches, issued by {@code issuer} for
     * {@code audience}: a token the same identity provider issued for another application is refused.
     *
     * @implNote The key set is fetched through {@link RateLimitedJwkSource}: an unknown {@code kid} refetches it at
     *     most once per {@link #JWKS_MIN_REFRESH}, so rotation needs no restart and random {@code kid}s cause no
     *     fetch storm.
     */
    public static ReactiveJwtDecoder jwks(Supplier<Mono<String>> keySet, String issuer, String audience, Clock clock,
            Duration clockSkew) {
        RateLimitedJwkSource source = new RateLimitedJwkSource(() -> keySet.get().timeout(JWKS_FETCH_TIMEOUT),
                clock, JWKS_MIN_REFRESH, JWKS_MAX_AGE);
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(source)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .jwsAlgorithm(SignatureAlgorithm.ES256)
                .build();
        decoder.setClaimSetConverter(IssuedClaims.INSTANCE);
        decoder.setJwtValidator(validator(clock, clockSkew, Objects.requireNonNull(issuer, "issuer"),
                Objects.requireNonNull(audience, "audience")));
        return decoder;
    }
}
