package io.pigeonim.tokenauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import io.pigeonim.testsupport.TestTokens;
import reactor.core.publisher.Mono;

class TokenDecodersTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String DEV_SECRET = "dev-only-insecure-secret-of-at-least-32-bytes";

    @Test
    void theSecretDecodesTokensItSigned() {
        ReactiveJwtDecoder decoder = TokenDecoders.of(TokenSettings.hs256(TestTokens.SECRET), false,
                () -> Mono.error(new AssertionError("no JWKS in HS256 mode")), CLOCK);

        assertThat(decoder.decode(TestTokens.signed("alice", "d1", NOW.plusSeconds(60))).block().getSubject())
                .isEqualTo("alice");
    }

    @Test
    void theDevelopmentSecretIsRefusedOutsideDevelopmentMode() {
        assertThatThrownBy(() -> TokenDecoders.of(TokenSettings.hs256(DEV_SECRET), false, Mono::empty, CLOCK))
                .hasMessageContaining("JWT_SECRET");
        assertThat(TokenDecoders.of(TokenSettings.hs256(DEV_SECRET), true, Mono::empty, CLOCK)).isNotNull();
    }

    @Test
    void jwksModeFetchesTheKeySetAndNeedsIssuerAndAudience() {
        AtomicInteger fetches = new AtomicInteger();
        TokenSettings jwks = new TokenSettings(TestTokens.SECRET, "https://idp.example/jwks", null,
                "https://idp.example", "pigeon");
        ReactiveJwtDecoder decoder = TokenDecoders.of(jwks, false,
                () -> Mono.fromSupplier(() -> fetches.incrementAndGet() > 0 ? "{\"keys\":[]}" : ""), CLOCK);

        // an HS256 token is not a JWKS key's: refused, after one fetch of the (empty) set
        assertThatThrownBy(() -> decoder.decode(TestTokens.signed("alice", "d1", NOW.plusSeconds(60))).block());
        assertThat(fetches).hasValue(1);
        assertThatThrownBy(() -> new TokenSettings(TestTokens.SECRET, "https://idp.example/jwks", null, null, null))
                .hasMessageContaining("JWT_ISSUER and JWT_AUDIENCE");
    }
}
