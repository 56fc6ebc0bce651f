package io.pigeonim.gateway.devtoken;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

import javax.crypto.SecretKey;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import io.pigeonim.gateway.identity.Identity;

/** Signs HS256 development tokens ({@code sub} = uid, {@code did} = deviceId) with the gateway's own secret. */
public final class DevTokenIssuer {

    private final JwtEncoder encoder;
    private final Duration ttl;
    private final Clock clock;
    private final String issuer;
    private final String audience;

    /** @param key the same HS256 key the gateway verifies with, so that its tokens pass the gateway */
    public DevTokenIssuer(SecretKey key, Duration ttl, Clock clock) {
        this(key, ttl, clock, null, null);
    }

    /** @param issuer the {@code iss} to set, {@code null}: none; @param audience the {@code aud}, {@code null}: none */
    public DevTokenIssuer(SecretKey key, Duration ttl, Clock clock, String issuer, String audience) {
        this.issuer = issuer;
        this.audience = audience;
        this.encoder = NimbusJwtEncoder.withSecretKey(Objects.requireNonNull(key, "key")).build();
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (ttl.toSeconds() < 1) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: at least 1s)");
        }
    }

    /** A fresh token for {@code identity}, valid for the configured ttl. */
    DevTokenResponse issue(Identity identity) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        JwtClaimsSet.Builder claims = JwtClaimsSet.builder()
                .subject(identity.uid())
                .claim("did", identity.deviceId())
                .issuedAt(now)
                .expiresAt(now.plus(ttl));
        if (issuer != null) {
            claims.issuer(issuer);
        }
        if (audience != null) {
            claims.audience(List.of(audience));
        }
        JwsHeader header = JwsHeader.with(MacAlgorithm.HS256).type("JWT").build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims.build())).getTokenValue();
        return new DevTokenResponse(token, ttl.toSeconds());
    }
}
