package io.pigeonim.common.limit;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A rate limit per key (a uid) on this instance: a token bucket per key, forgotten once full again. Used for the
 * connector's send limit and the gateway's REST limit.
 *
 * @implNote The limit is per instance, not global: a user's devices on several connectors (or requests spread
 *     over several gateways) each get the full rate. A global Redis counter per request was rejected as a round
 *     trip on the hot path.
 */
public final class RateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public RateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one send of {@code uid}; false when over the limit. */
    public boolean tryAcquire(String uid) {
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(uid, u -> new TokenBucket(ratePerSecond, burst, now)).tryTake(now);
    }

    /**
     * Takes one token of {@code key}.
     *
     * @return 0 when granted, else the nanoseconds until the next token (for {@code Retry-After})
     */
    public long acquireOrWait(String key) {
        long now = nanoTime.getAsLong();
        TokenBucket bucket = buckets.computeIfAbsent(key, k -> new TokenBucket(ratePerSecond, burst, now));
        return bucket.tryTake(now) ? 0 : Math.max(1, bucket.nanosUntilToken(now));
    }

    /** Forgets the buckets that are full again, keeping memory to the users sending right now. */
    public void evictIdle() {
        long now = nanoTime.getAsLong();
        buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }

    /** How many keys have a bucket now. */
    public int tracked() {
        return buckets.size();
    }
}
