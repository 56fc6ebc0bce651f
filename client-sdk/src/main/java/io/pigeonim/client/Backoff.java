package io.pigeonim.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code min · 2^n}, capped
 * at {@code max}, so a server restart (1012 spread over time) does not become a reconnect storm.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;
    private int attempt;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The delay before the next attempt; each call doubles the next. */
    Duration next() {
        long cap = max.toMillis();
        long base = Math.min(cap, min.toMillis() << Math.min(attempt, 20));
        attempt++;
        long half = Math.max(1, base / 2);
        return Duration.ofMillis(half + random.nextLong(half + 1));
    }

    /**
     * The delay the server asked for ({@code Retry-After} of a refused upgrade) plus a random part of a second (the
     * header counts whole seconds, and the server promises each refused device its own second); it counts as an
     * attempt, so that failures after it keep backing off.
     */
    Duration after(Duration retryAfter) {
        attempt++;
        return retryAfter.plusMillis(random.nextLong(1000));
    }

    /** A success: start again from {@code min}. */
    void reset() {
        attempt = 0;
    }
}
