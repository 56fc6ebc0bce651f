package io.pigeonim.tokenauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BearerTokensTest {

    @Test
    void theHeaderWinsOverTheQueryAndABlankQueryIsNoToken() {
        assertThat(BearerTokens.of("Bearer abc.def.ghi", "other")).isEqualTo("abc.def.ghi");
        assertThat(BearerTokens.of("bearer  abc ", null)).isEqualTo("abc");
        assertThat(BearerTokens.of(null, "q.r.s")).isEqualTo("q.r.s");
        assertThat(BearerTokens.of(null, " ")).isNull();
        assertThat(BearerTokens.of(null, null)).isNull();
    }

    @Test
    void aNonBearerAuthorizationIsInvalidNotMissing() {
        for (String header : new String[] {"Basic Ym9iOnB3", "Bearer ", "Bearer"}) {
            assertThatThrownBy(() -> BearerTokens.of(header, "q.r.s"))
                    .isInstanceOfSatisfying(TokenRejectedException.class,
                            rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID));
        }
        assertThat(BearerTokens.missing().reason()).isEqualTo(RejectionReason.MISSING);
    }

    @Test
    void refusalsAreCountedByReason() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        BearerTokens tokens = new BearerTokens(meters, "x.tokens.rejected", "test");

        tokens.rejected(RejectionReason.EXPIRED);
        tokens.rejected(RejectionReason.EXPIRED);

        assertThat(meters.counter("x.tokens.rejected", "reason", "expired").count()).isEqualTo(2);
        assertThat(meters.counter("x.tokens.rejected", "reason", "missing").count()).isZero();
    }
}
