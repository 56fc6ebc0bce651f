package io.pigeonim.gateway.route;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * How many WebSockets this gateway instance proxies at most. Each costs it about 42 KB of heap (two sockets and the
 * bridge, docs/performance.md, connections), and one instance at the local run's 128 MB heap died of
 * {@code OutOfMemoryError} at about 2,600: past its budget an upgrade is refused with 503 and {@code Retry-After}
 * instead, and the client comes back later or through another replica.
 */
public final class WebSocketBudget {

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter refused;

    public WebSocketBudget(int max, MeterRegistry meters) {
        this.max = max;
        Gauge.builder("pigeon.gateway.websockets", open, AtomicInteger::get)
                .description("WebSockets proxied now (upgrades in progress included)").register(meters);
        Gauge.builder("pigeon.gateway.websockets.budget", this, WebSocketBudget::max)
                .description("WebSockets this instance proxies before it refuses upgrades").register(meters);
        this.refused = Counter.builder("pigeon.gateway.websockets.refused")
                .description("Upgrades refused with 503: the instance was at its budget").register(meters);
    }

    /**
     * The budget a heap allows: what is left after {@code reserveBytes}, at {@code bytesPerSocket} each, at least 100.
     */
    public static int forHeap(long maxHeapBytes, long reserveBytes, long bytesPerSocket) {
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, (maxHeapBytes - reserveBytes) / bytesPerSocket));
    }

    /** Takes one place; false (and counted) when the budget is used up. */
    boolean tryAcquire() {
        while (true) {
            int now = open.get();
            if (now >= max) {
                refused.increment();
                return false;
            }
            if (open.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    void release() {
        open.decrementAndGet();
    }

    public int max() {
        return max;
    }

    public int open() {
        return open.get();
    }
}
