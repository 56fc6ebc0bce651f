package io.pigeonim.bench.connections;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What stands in front of the connectors when devices reach them without the gateway ({@code --via connectors}):
 * an L4 load balancer's round robin over the instances, with the passive health check such balancers have (nginx's
 * {@code max_fails}/{@code fail_timeout}, an Envoy outlier): an instance whose connect failed, or which refused,
 * is skipped for {@link #FAIL_TIMEOUT_NANOS}. In Kubernetes the endpoints controller drops a dead pod a few seconds
 * later; until then it is the same passive skip.
 */
final class Balancer {

    static final long FAIL_TIMEOUT_NANOS = 5_000_000_000L;

    private final List<URI> targets;
    private final Map<URI, Long> downUntil = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();
    private final LongSupplier nanoTime;

    Balancer(List<URI> targets, LongSupplier nanoTime) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no connector to balance over");
        }
        this.targets = List.copyOf(targets);
        this.nanoTime = nanoTime;
    }

    List<URI> targets() {
        return targets;
    }

    /** The next instance in turn that is not marked down; when every one is, the next in turn anyway. */
    URI next() {
        long now = nanoTime.getAsLong();
        for (int i = 0; i < targets.size(); i++) {
            URI target = targets.get((int) Math.floorMod(next.getAndIncrement(), (long) targets.size()));
            Long until = downUntil.get(target);
            if (until == null || until - now <= 0) {
                return target;
            }
        }
        return targets.get((int) Math.floorMod(next.getAndIncrement(), (long) targets.size()));
    }

    /** A connect to {@code target} failed or was refused: skip it for a while. */
    void failed(URI target) {
        downUntil.put(target, nanoTime.getAsLong() + FAIL_TIMEOUT_NANOS);
    }
}
