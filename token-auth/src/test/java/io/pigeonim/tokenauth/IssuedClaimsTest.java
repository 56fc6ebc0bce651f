package io.pigeonim.tokenauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import io.pigeonim.testsupport.TestTokens;

class IssuedClaimsTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    @Test
    void timesBecomeInstantsAndASingleAudienceAList() {
        Map<String, Object> claims = IssuedClaims.INSTANCE.convert(Map.of(
                "exp", Date.from(NOW.plusSeconds(60)), "iat", Date.from(NOW), "nbf", NOW.getEpochSecond() - 5,
                "aud", "pigeon", "iss", "pigeon-dev", "sub", "alice", "did", "d1"));

        assertThat(claims).containsEntry("exp", NOW.plusSeconds(60)).containsEntry("iat", NOW)
                .containsEntry("nbf", NOW.minusSeconds(5)).containsEntry("aud", List.of("pigeon"))
                .containsEntry("iss", "pigeon-dev").containsEntry("sub", "alice").containsEntry("did", "d1");
        assertThat(IssuedClaims.INSTANCE.convert(Map.of("aud", List.of("a", "b")))).containsEntry("aud",
                List.of("a", "b"));
    }

    @Test
    void anIssuerThatIsNotAUrlIsComparedAsIssued() {
        var decoder = TokenDecoders.hs256(TestTokens.SECRET, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ZERO,
                "pigeon-dev", "pigeon");
        String token = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", NOW.plusSeconds(60))
                .issuer("pigeon-dev").audience("pigeon").issueTime(Date.from(NOW)).build());

        Jwt jwt = decoder.decode(token).block();

        assertThat(jwt.getClaimAsString("iss")).isEqualTo("pigeon-dev");
        assertThat(jwt.getExpiresAt()).isEqualTo(NOW.plusSeconds(60));
        assertThat(jwt.getIssuedAt()).isEqualTo(NOW);
        assertThat(jwt.getAudience()).containsExactly("pigeon");
    }
}
