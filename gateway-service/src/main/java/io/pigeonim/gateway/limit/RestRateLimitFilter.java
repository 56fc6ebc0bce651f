package io.pigeonim.gateway.limit;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.limit.RateLimiter;
import reactor.core.publisher.Mono;

/**
 * PROTOCOL.md §6: REST calls are rate limited per user; past the limit, 429 {@code RATE_LIMITED} with
 * {@code Retry-After} (whole seconds, at least 1).
 *
 * @implNote Runs after authentication and keys on the verified uid it set, so a client cannot spread its calls
 *     over invented identities. Requests without a token (dev token, documents) are not counted here: they reach
 *     nothing that writes on a user's behalf. The WebSocket upgrade counts as a request (a reconnect loop is
 *     limited too).
 */
public final class RestRateLimitFilter implements WebFilter, Ordered {

    /** After {@code TokenAuthenticationFilter} (HIGHEST_PRECEDENCE + 100). */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 110;

    private final RateLimiter limiter;
    private final Counter refused;

    public RestRateLimitFilter(RateLimiter limiter, MeterRegistry meters) {
        this.limiter = Objects.requireNonNull(limiter, "limiter");
        this.refused = Counter.builder("pigeon.gateway.requests.ratelimited")
                .description("REST calls refused with 429 for their user's rate").register(meters);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String uid = exchange.getRequest().getHeaders().getFirst(IdentityHeaders.UID);
        if (uid == null) {
            return chain.filter(exchange);
        }
        long waitNanos = limiter.acquireOrWait(uid);
        if (waitNanos == 0) {
            return chain.filter(exchange);
        }
        refused.increment();
        long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(waitNanos + 999_999_999L));
        return Mono.error(new RateLimited(seconds));
    }

    /** Forgets users whose bucket is full again. */
    public void evictIdle() {
        limiter.evictIdle();
    }

    /** 429 with its {@code Retry-After}. */
    static final class RateLimited extends ResponseStatusException {

        private static final long serialVersionUID = 1L;
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds) {
            super(HttpStatus.TOO_MANY_REQUESTS, "request rate over the limit, retry after " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        @Override
        public HttpHeaders getHeaders() {
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
            return headers;
        }
    }
}
