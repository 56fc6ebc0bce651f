package io.pigeonim.tokenauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pigeonim.testsupport.TestTokens;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;

class TokenVerifierTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TokenVerifier verifier =
            new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, CLOCK, Duration.ofSeconds(30)));

    @Test
    void validTokenYieldsSubAsUidAndDidAsDeviceId() {
        String token = TestTokens.signed("alice", "d1", NOW.plusSeconds(60));

        assertThat(verifier.verify(token).block()).extracting(VerifiedToken::uid, VerifiedToken::deviceId)
                .containsExactly("alice", "d1");
    }

    @Test
    void aConfiguredIssuerAndAudienceAreRequired() {
        TokenVerifier strict = new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, CLOCK, Duration.ofSeconds(30),
                "https://idp.example", "pigeon"));
        String right = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", NOW.plusSeconds(60))
                .issuer("https://idp.example").audience(java.util.List.of("other-app", "pigeon")).build());
        String otherApp = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", NOW.plusSeconds(60))
                .issuer("https://idp.example").audience("other-app").build());
        String otherIssuer = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", NOW.plusSeconds(60))
                .issuer("https://evil.example").audience("pigeon").build());
        String neither = TestTokens.signed("alice", "d1", NOW.plusSeconds(60));

        assertThat(strict.verify(right).block()).extracting(VerifiedToken::uid, VerifiedToken::deviceId)
                .containsExactly("alice", "d1");
        for (String refused : java.util.List.of(otherApp, otherIssuer, neither)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> strict.verify(refused).block())
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectionReason.INVALID));
        }
    }

    @Test
    void expiredTokenIsRejectedAsExpired() {
        String token = TestTokens.signed("alice", "d1", NOW.minusSeconds(31));

        assertRejected(token, RejectionReason.EXPIRED, "expired at");
    }

    @Test
    void expiryWithinClockSkewIsTolerated() {
        String token = TestTokens.signed("alice", "d1", NOW.minusSeconds(29));

        assertThat(verifier.verify(token).block()).extracting(VerifiedToken::uid, VerifiedToken::deviceId)
                .containsExactly("alice", "d1");
    }

    @Test
    void tokenWithoutExpIsInvalid() {
        String token = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", null).build());

        assertRejected(token, RejectionReason.INVALID, "exp: missing");
    }

    @Test
    void tokenNotYetValidIsInvalid() {
        String token = TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", "d1", NOW.plusSeconds(600))
                .notBeforeTime(java.util.Date.from(NOW.plusSeconds(300))).build());

        assertRejected(token, RejectionReason.INVALID, "not valid before");
    }

    @Test
    void tokenSignedWithAnotherSecretIsInvalid() {
        String forged = TestTokens.signed("another-secret-of-at-least-32-bytes-long!!",
                TestTokens.claims("alice", "d1", NOW.plusSeconds(60)).build());

        assertRejected(forged, RejectionReason.INVALID, "not signed with a trusted key");
    }

    @Test
    void tokenWithTamperedPayloadIsInvalid() {
        String token = TestTokens.signed("alice", "d1", NOW.plusSeconds(60));
        String other = TestTokens.signed("mallory", "d1", NOW.plusSeconds(60));
        String[] a = token.split("\\.");
        String tampered = a[0] + "." + other.split("\\.")[1] + "." + a[2];

        assertRejected(tampered, RejectionReason.INVALID, "not signed with a trusted key");
    }

    @Test
    void unsignedTokenIsInvalid() {
        String none = TestTokens.unsigned(Map.of("sub", "alice", "did", "d1", "exp", NOW.getEpochSecond() + 60));

        assertRejected(none, RejectionReason.INVALID, "token");
    }

    @Test
    void garbageIsInvalid() {
        assertRejected("not-a-jwt", RejectionReason.INVALID, "malformed");
        assertRejected("a.b.c", RejectionReason.INVALID, "malformed");
    }

    @Test
    void subThatIsNotAUidIsInvalid() {
        String token = TestTokens.signed("al ice", "d1", NOW.plusSeconds(60));

        assertRejected(token, RejectionReason.INVALID, "sub: \"al ice\" (expected: [A-Za-z0-9_.-]{1,64})");
    }

    @Test
    void tooLongSubIsInvalid() {
        String token = TestTokens.signed("a".repeat(65), "d1", NOW.plusSeconds(60));

        assertRejected(token, RejectionReason.INVALID, "sub:");
    }

    @Test
    void missingOrMalformedDidIsInvalid() {
        assertRejected(TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", null, NOW.plusSeconds(60)).build()),
                RejectionReason.INVALID, "did: missing");
        assertRejected(TestTokens.signed(TestTokens.SECRET, TestTokens.claims("alice", 42, NOW.plusSeconds(60)).build()),
                RejectionReason.INVALID, "did: 42 (expected: a string");
        assertRejected(TestTokens.signed("alice", "d/1", NOW.plusSeconds(60)), RejectionReason.INVALID, "did: \"d/1\"");
    }

    @Test
    void secretShorterThan32BytesIsRefused() {
        assertThatThrownBy(() -> TokenDecoders.hs256("short", CLOCK, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("secret: 5 bytes (expected: at least 32)");
    }

    private void assertRejected(String token, RejectionReason reason, String detailPart) {
        assertThatThrownBy(() -> verifier.verify(token).block())
                .isInstanceOfSatisfying(TokenRejectedException.class, rejected -> {
                    assertThat(rejected.reason()).isEqualTo(reason);
                    assertThat(rejected.getStatusCode().value()).isEqualTo(401);
                    assertThat(rejected.getReason()).contains(detailPart);
                });
    }
}
