package io.pigeonim.connector.uplink;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-user send rate limit on this instance: a token bucket per uid shared by the user's connections.
 *
 * @implNote The limit is per instance, not global: a user's devices on several connectors each get
 *     the full rate. A global Redis counter per send was rejected as a round trip on the hot path.
 */
public final class SendRateLimiter {

    private final double ratePerSecond;
    private final double burst;
    private final LongSupplier nanoTime;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    public SendRateLimiter(double ratePerSecond, double burst, LongSupplier nanoTime) {
        this.ratePerSecond = ratePerSecond;
        this.burst = burst;
        this.nanoTime = nanoTime;
    }

    /** Takes one send of {@code uid}; false when over the limit. */
    public boolean tryAcquire(String uid) {
        long now = nanoTime.getAsLong();
        return buckets.computeIfAbsent(uid, u -> new TokenBucket(ratePerSecond, burst, now)).tryTake(now);
    }

    /** Forgets the buckets that are full again, keeping memory to the users sending right now. */
    public void evictIdle() {
        long now = nanoTime.getAsLong();
        buckets.entrySet().removeIf(e -> e.getValue().isFull(now));
    }

    int tracked() {
        return buckets.size();
    }
}
