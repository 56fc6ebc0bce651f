package io.pigeonim.tokenauth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

import io.pigeonim.common.id.Ids;

/**
 * Checks the claims Pigeon relies on: {@code exp} present and not past, {@code nbf} if present,
 * {@code sub} a uid and {@code did} a deviceId.
 *
 * @implNote Replaces Spring's default timestamp validator so that {@code exp} is required (a token
 *     without it would be valid forever), the {@link Clock} is injectable, and an expired token is
 *     told apart from an otherwise invalid one by its {@link #EXPIRED} error code.
 */
final class IdentityClaimsValidator implements OAuth2TokenValidator<Jwt> {

    /** Error code of an expired token. */
    static final String EXPIRED = "expired";
    /** Error code of any other claim problem. */
    static final String INVALID = "invalid_claims";
    /** The claim carrying the deviceId. */
    static final String DEVICE_ID_CLAIM = "did";

    private final Clock clock;
    private final Duration clockSkew;

    IdentityClaimsValidator(Clock clock, Duration clockSkew) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.clockSkew = Objects.requireNonNull(clockSkew, "clockSkew");
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt jwt) {
        Instant now = clock.instant();
        Instant expiresAt = jwt.getExpiresAt();
        if (expiresAt == null) {
            return failure(INVALID, "exp: missing (expected: an expiry time)");
        }
        if (now.minus(clockSkew).isAfter(expiresAt)) {
            return failure(EXPIRED, "token expired at " + expiresAt);
        }
        Instant notBefore = jwt.getNotBefore();
        if (notBefore != null && now.plus(clockSkew).isBefore(notBefore)) {
            return failure(INVALID, "token not valid before " + notBefore);
        }
        String subject = jwt.getSubject();
        if (!Ids.isUid(subject)) {
            return failure(INVALID, "sub: " + shown(subject) + " (expected: " + Ids.UID.pattern() + ")");
        }
        Object deviceId = jwt.getClaims().get(DEVICE_ID_CLAIM);
        if (!(deviceId instanceof String did) || !Ids.isDeviceId(did)) {
            return failure(INVALID, DEVICE_ID_CLAIM + ": " + shown(deviceId)
                    + " (expected: a string matching " + Ids.DEVICE_ID.pattern() + ")");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String code, String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(code, description, null));
    }

    private static String shown(Object value) {
        if (value == null) {
            return "missing";
        }
        String text = String.valueOf(value);
        String cut = text.length() > 80 ? text.substring(0, 80) + "…" : text;
        return value instanceof String ? '"' + cut + '"' : cut;
    }
}
