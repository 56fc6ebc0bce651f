package io.pigeonim.tokenauth;

import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * Turns the claims Nimbus parsed into a {@code Jwt}'s: {@code exp}, {@code iat} and {@code nbf} become
 * {@link Instant}s, a single {@code aud} becomes a list, and everything else stays as parsed.
 *
 * @implNote Replaces Spring's {@code MappedJwtClaimSetConverter}, which runs each registered claim through a
 *     {@code ConversionService} and tries to make {@code iss} a {@code URL}: an issuer that is not a URL (the local
 *     run's, many identity providers') costs a thrown and caught {@code IllegalArgumentException} on every token. That
 *     converter was 3 % of the gateway's CPU for an empty sync (async-profiler, docs/performance.md). {@code iss} stays
 *     the string it was, which is what {@code JwtIssuerValidator} compares.
 */
final class IssuedClaims implements Converter<Map<String, Object>, Map<String, Object>> {

    static final IssuedClaims INSTANCE = new IssuedClaims();

    private IssuedClaims() {
    }

    @Override
    public Map<String, Object> convert(Map<String, Object> parsed) {
        Map<String, Object> claims = new HashMap<>(parsed);
        instant(claims, JwtClaimNames.EXP);
        instant(claims, JwtClaimNames.IAT);
        instant(claims, JwtClaimNames.NBF);
        Object audience = claims.get(JwtClaimNames.AUD);
        if (audience instanceof String one) {
            claims.put(JwtClaimNames.AUD, List.of(one));
        } else if (audience instanceof Collection<?> many) {
            claims.put(JwtClaimNames.AUD, many.stream().map(String::valueOf).toList());
        }
        return claims;
    }

    /** Nimbus gives registered times as {@link Date}s; a custom map may hold epoch seconds. */
    private static void instant(Map<String, Object> claims, String name) {
        Object value = claims.get(name);
        if (value instanceof Date date) {
            claims.put(name, date.toInstant());
        } else if (value instanceof Number seconds) {
            claims.put(name, Instant.ofEpochSecond(seconds.longValue()));
        }
    }
}
