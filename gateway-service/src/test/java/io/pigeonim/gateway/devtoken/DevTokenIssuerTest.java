package io.pigeonim.gateway.devtoken;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import io.pigeonim.testsupport.TestTokens;
import io.pigeonim.tokenauth.TokenDecoders;
import io.pigeonim.tokenauth.TokenVerifier;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;
import io.pigeonim.gateway.identity.Identity;

class DevTokenIssuerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00.750Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final DevTokenIssuer issuer =
            new DevTokenIssuer(TokenDecoders.hmacKey(TestTokens.SECRET), Duration.ofHours(24), CLOCK);

    @Test
    void issuedTokenCarriesUidDeviceAndExpiryAndPassesTheGateway() {
        DevTokenResponse response = issuer.issue(new Identity("alice", "d1"));

        assertThat(response.expiresIn()).isEqualTo(86400);
        String[] parts = response.token().split("\\.");
        String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(payload).contains("\"sub\":\"alice\"", "\"did\":\"d1\"",
                "\"exp\":" + (Instant.parse("2026-11-23T10:00:00Z").getEpochSecond()));
        TokenVerifier verifier = new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, CLOCK, Duration.ZERO));
        assertThat(verifier.verify(response.token()).block()).extracting(VerifiedToken::uid, VerifiedToken::deviceId)
                .containsExactly("alice", "d1");
    }

    @Test
    void issuedTokenIsRejectedOnceExpired() {
        String token = issuer.issue(new Identity("alice", "d1")).token();
        Clock dayLater = Clock.offset(CLOCK, Duration.ofHours(24).plusSeconds(1));

        TokenVerifier verifier = new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, dayLater, Duration.ZERO));

        assertThatThrownBy(() -> verifier.verify(token).block()).hasMessageContaining("expired");
    }
}
