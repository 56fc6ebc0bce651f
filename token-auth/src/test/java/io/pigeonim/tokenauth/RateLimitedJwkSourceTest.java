package io.pigeonim.tokenauth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import reactor.core.publisher.Mono;

class RateLimitedJwkSourceTest {

    private final AtomicInteger fetches = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

    @Test
    void unknownKidsCauseAtMostOneFetchPerInterval() throws Exception {
        RSAKey known = new RSAKeyGenerator(2048).keyID("k1").generate();
        String document = new JWKSet(known.toPublicJWK()).toString();
        RateLimitedJwkSource source = new RateLimitedJwkSource(() -> Mono.fromSupplier(() -> {
            fetches.incrementAndGet();
            return document;
        }), clock, Duration.ofSeconds(30), Duration.ofMinutes(10));

        assertThat(source.apply(token("k1")).collectList().block()).hasSize(1);
        assertThat(fetches).hasValue(1);
        for (int i = 0; i < 100; i++) {
            assertThat(source.apply(token(UUID.randomUUID().toString())).collectList().block()).isEmpty();
        }
        assertThat(fetches).as("the first unknown kid may refetch, the next 99 may not").hasValue(1);

        clock.advance(Duration.ofSeconds(31));
        source.apply(token("rotated")).collectList().block();
        source.apply(token("rotated-again")).collectList().block();
        assertThat(fetches).hasValue(2);
        assertThat(source.apply(token("k1")).collectList().block()).hasSize(1);
        assertThat(fetches).hasValue(2);
    }

    private static SignedJWT token(String kid) {
        return new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(),
                new JWTClaimsSet.Builder().subject("alice").build());
    }

    private static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
