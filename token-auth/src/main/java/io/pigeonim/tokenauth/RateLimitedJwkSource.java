package io.pigeonim.tokenauth;

import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The JWKS keys a token may be checked against, fetched at most once per {@link #minRefresh} whatever tokens
 * arrive: an unknown {@code kid} triggers a refetch only when the last fetch is that old, else the token is
 * refused (401) without a fetch. The set is also refetched once it is {@link #maxAge} old.
 *
 * @implNote Replaces Spring's {@code ReactiveRemoteJWKSource}, which refetches the set for every token whose
 *     {@code kid} it does not know: a client sending tokens with random {@code kid}s would make the gateway hammer
 *     the identity provider (and be throttled by it, failing every user).
 */
public final class RateLimitedJwkSource implements Function<SignedJWT, Flux<JWK>> {

    private final Supplier<Mono<String>> fetch;
    private final Clock clock;
    private final Duration minRefresh;
    private final Duration maxAge;
    private volatile JWKSet keys;
    private volatile Instant fetchedAt = Instant.MIN;
    private Instant lastAttempt = Instant.MIN;
    private Mono<JWKSet> inFlight;

    /**
     * @param fetch the JWKS document, fetched when subscribed
     * @param minRefresh least time between two fetches
     * @param maxAge age at which the set is refetched anyway
     */
    public RateLimitedJwkSource(Supplier<Mono<String>> fetch, Clock clock, Duration minRefresh, Duration maxAge) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.minRefresh = Objects.requireNonNull(minRefresh, "minRefresh");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
    }

    @Override
    public Flux<JWK> apply(SignedJWT jwt) {
        JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
        return current().flatMapMany(set -> {
            List<JWK> matching = selector.select(set);
            if (!matching.isEmpty()) {
                return Flux.fromIterable(matching);
            }
            Mono<JWKSet> refreshed = refreshIfAllowed();
            return refreshed == null ? Flux.empty() : refreshed.flatMapIterable(selector::select);
        });
    }

    private Mono<JWKSet> current() {
        JWKSet set = keys;
        if (set != null && clock.instant().isBefore(fetchedAt.plus(maxAge))) {
            return Mono.just(set);
        }
        Mono<JWKSet> refreshed = refreshIfAllowed();
        if (refreshed != null) {
            return refreshed;
        }
        return set != null ? Mono.just(set)
                : Mono.error(new IllegalStateException("JWKS unavailable (last fetch failed less than " + minRefresh
                        + " ago)"));
    }

    /** A fetch (shared with concurrent callers), or {@code null} when the last one is too recent. */
    private synchronized Mono<JWKSet> refreshIfAllowed() {
        if (inFlight != null) {
            return inFlight;
        }
        Instant now = clock.instant();
        if (now.isBefore(lastAttempt.plus(minRefresh))) {
            return null;
        }
        lastAttempt = now;
        Mono<JWKSet> fetching = Mono.defer(fetch)
                .map(RateLimitedJwkSource::parse)
                .doOnNext(set -> {
                    keys = set;
                    fetchedAt = clock.instant();
                })
                .doFinally(signal -> done())
                .cache();
        inFlight = fetching;
        return fetching;
    }

    private synchronized void done() {
        inFlight = null;
    }

    private static JWKSet parse(String document) {
        try {
            return JWKSet.parse(document);
        } catch (ParseException malformed) {
            throw new IllegalStateException("JWKS: not a JWK set (" + malformed.getMessage() + ")", malformed);
        }
    }
}
