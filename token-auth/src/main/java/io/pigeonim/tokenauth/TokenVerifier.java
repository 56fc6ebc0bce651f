package io.pigeonim.tokenauth;

import java.time.Instant;
import java.util.Objects;

import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.server.ResponseStatusException;

import reactor.core.publisher.Mono;

/**
 * Turns a bearer token into the identity it proves (PROTOCOL.md §1), or a 401 saying why not: the one verifier of
 * the gateway (every REST call and proxied upgrade) and of the connectors when devices reach them straight from the
 * load balancer (ADR 0017).
 */
public final class TokenVerifier {

    private final ReactiveJwtDecoder decoder;

    public TokenVerifier(ReactiveJwtDecoder decoder) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * Verifies signature and claims.
     *
     * @return the identity and expiry, or an error: {@link TokenRejectedException} (401) for a bad token, 503 when
     *     the key source cannot be reached (JWKS mode)
     */
    public Mono<VerifiedToken> verify(String token) {
        // NimbusReactiveJwtDecoder throws parse errors synchronously
        return Mono.defer(() -> decoder.decode(token))
                .map(jwt -> new VerifiedToken(jwt.getSubject(),
                        (String) jwt.getClaims().get(IdentityClaimsValidator.DEVICE_ID_CLAIM), jwt.getExpiresAt()))
                .onErrorMap(JwtException.class, TokenVerifier::toRejection);
    }

    /**
     * @param uid the {@code sub} claim, a valid uid ({@link IdentityClaimsValidator})
     * @param deviceId the {@code did} claim, a valid deviceId
     * @param expiresAt its {@code exp} (required): a connection lives no longer than the token that opened it
     */
    public record VerifiedToken(String uid, String deviceId, Instant expiresAt) {
    }

    private static RuntimeException toRejection(JwtException failure) {
        if (failure instanceof JwtValidationException invalid) {
            boolean expired = invalid.getErrors().stream()
                    .anyMatch(error -> IdentityClaimsValidator.EXPIRED.equals(error.getErrorCode()));
            String detail = invalid.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .filter(Objects::nonNull)
                    .findFirst()
                    .orElse("token: invalid claims");
            return new TokenRejectedException(expired ? RejectionReason.EXPIRED : RejectionReason.INVALID, detail);
        }
        if (failure instanceof BadJwtException) {
            return new TokenRejectedException(RejectionReason.INVALID,
                    "token: malformed, or not signed with a trusted key and algorithm (expected: a signed JWT)");
        }
        // not the token's fault: the key source (JWKS) could not be used
        return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, "token keys unavailable, try again later",
                failure);
    }
}
