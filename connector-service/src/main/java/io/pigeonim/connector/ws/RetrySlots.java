package io.pigeonim.connector.ws;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The {@code Retry-After} of an upgrade refused for the upgrade rate: each refusal is promised the next free slot at
 * that rate, after those promised before it, so that a storm of refused devices comes back spread over exactly the
 * time the instance needs to take them, each about once. A random delay of 1-5 s (before) brings 15,000 refused
 * devices back at several times a rate of 1,000/s, to be refused again, and each refusal costs the instance an HTTP
 * request (docs/performance.md, connections). A client that ignores the header loses nothing but its own wait.
 *
 * @implNote {@code Retry-After} counts whole seconds, so a promise is rounded up; a client adds its own jitter below
 *     a second. A promise never exceeds {@code maxSeconds}: past it clients come back early and are promised again.
 */
public final class RetrySlots {

    private final long slotNanos;
    private final long maxSeconds;
    private final LongSupplier nanos;
    private final AtomicLong promisedUntil;

    /** @param perSecond the upgrades a second the instance admits */
    public RetrySlots(double perSecond, long maxSeconds, LongSupplier nanos) {
        if (perSecond <= 0 || maxSeconds < 1) {
            throw new IllegalArgumentException("perSecond " + perSecond + ", maxSeconds " + maxSeconds);
        }
        this.slotNanos = Math.max(1, Math.round(1e9 / perSecond));
        this.maxSeconds = maxSeconds;
        this.nanos = nanos;
        this.promisedUntil = new AtomicLong(nanos.getAsLong());
    }

    /** Promises one refused upgrade its slot: the whole seconds from now until it, 1 at least. */
    public long next() {
        long now = nanos.getAsLong();
        long slot = promisedUntil.accumulateAndGet(now, (promised, at) -> Math.max(promised, at) + slotNanos);
        long seconds = (slot - now + 999_999_999L) / 1_000_000_000L;
        return Math.max(1, Math.min(maxSeconds, seconds));
    }
}
