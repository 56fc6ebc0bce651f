package io.pigeonim.tokenauth;

import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * How tokens are verified (PROTOCOL.md §1): the same settings, and the same environment variables, in every service
 * that verifies them (the gateway as {@code pigeon.gateway.jwt}, a connector reached straight from the load balancer
 * as {@code pigeon.connector.ws.jwt}).
 *
 * @param secret HS256 key, at least 32 bytes; from the environment ({@code JWT_SECRET}) outside development
 * @param jwksUrl when set, tokens are verified against this JWKS instead of the secret
 * @param clockSkew tolerance on {@code exp} and {@code nbf}
 * @param issuer the {@code iss} tokens must carry (JWKS mode: required; HS256 mode: checked when set)
 * @param audience the {@code aud} tokens must include (JWKS mode: required; HS256 mode: checked when set)
 */
public record TokenSettings(
        @NotBlank @Size(min = 32, message = "must be at least 32 bytes (HS256 key)") String secret,
        String jwksUrl,
        @NotNull Duration clockSkew,
        String issuer,
        String audience) {

    /** The default {@code clockSkew}. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public TokenSettings {
        jwksUrl = blankToNull(jwksUrl);
        issuer = blankToNull(issuer);
        audience = blankToNull(audience);
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
        if (jwksUrl != null && (issuer == null || audience == null)) {
            throw new IllegalArgumentException("jwt: jwks-url " + jwksUrl + " with issuer " + issuer
                    + " and audience " + audience + " (expected: JWT_ISSUER and JWT_AUDIENCE set in JWKS mode, "
                    + "so that tokens the provider issued for other applications are refused)");
        }
    }

    /** HS256 with {@code secret}, the default skew, no issuer or audience check. */
    public static TokenSettings hs256(String secret) {
        return new TokenSettings(secret, null, DEFAULT_CLOCK_SKEW, null, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
