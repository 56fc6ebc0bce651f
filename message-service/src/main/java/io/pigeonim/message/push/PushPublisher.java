package io.pigeonim.message.push;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.push.PushRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Pushes frames to every connector instance holding a device of the addressed users, all instances in parallel.
 *
 * @implNote A failed push is counted and logged (at most one WARN per interval), never retried: the device
 *     syncs when it reconnects, and a connector retransmits what it already holds. Retrying here would hold
 *     back the uplink for a connector that may be gone for good.
 */
public final class PushPublisher {

    private static final Logger log = LoggerFactory.getLogger(PushPublisher.class);
    private static final long WARN_INTERVAL_MS = 10_000;

    private final RedisRouteDirectory directory;
    private final ConnectorClient connectors;
    private final Duration timeout;
    private final Counter failures;
    private final Clock clock;
    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    public PushPublisher(StringRedisTemplate redis, HttpClient http, Duration timeout, MeterRegistry meters, Clock clock) {
        this.directory = new RedisRouteDirectory(redis);
        this.connectors = new ConnectorClient(http, timeout);
        this.timeout = timeout;
        this.failures = Counter.builder("pigeon.message.pushes.failed")
                .description("Push requests to a connector instance that failed (not retried)")
                .register(meters);
        this.clock = clock;
    }

    /**
     * Where {@code uids} are online now.
     *
     * @throws org.springframework.dao.DataAccessException when Redis is unreachable
     */
    public Routes routes(Collection<String> uids) {
        return directory.lookup(uids);
    }

    /** Pushes and waits (at most about the push timeout) for every instance to answer. */
    public void publish(Routes routes, List<PushRequest.Push> pushes) {
        List<CompletableFuture<Void>> sent = send(routes, pushes);
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // each failure is already counted and logged by its own future
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Pushes without waiting for the answers. */
    public void publishAsync(Routes routes, List<PushRequest.Push> pushes) {
        send(routes, pushes);
    }

    /**
     * Looks up the addressed users and pushes without waiting; a Redis failure is counted and logged like a
     * failed push. For notifications whose loss a later sync repairs.
     */
    public void publishBestEffort(List<PushRequest.Push> pushes) {
        if (pushes.isEmpty()) {
            return;
        }
        Set<String> uids = new LinkedHashSet<>();
        pushes.forEach(push -> uids.addAll(push.uids()));
        Routes routes;
        try {
            routes = routes(uids);
        } catch (RuntimeException e) {
            failed("(route lookup)", e);
            return;
        }
        send(routes, pushes);
    }

    private List<CompletableFuture<Void>> send(Routes routes, List<PushRequest.Push> pushes) {
        Map<String, PushRequest> requests = PushPlan.perConnector(routes, pushes);
        List<CompletableFuture<Void>> sent = new ArrayList<>(requests.size());
        requests.forEach((url, request) -> {
            CompletableFuture<Void> future;
            try {
                future = connectors.push(url, request);
            } catch (RuntimeException e) {
                future = CompletableFuture.failedFuture(e);
            }
            sent.add(future.whenComplete((ok, error) -> {
                if (error != null) {
                    failed(url, error);
                }
            }));
        });
        return sent;
    }

    private void failed(String url, Throwable error) {
        failures.increment();
        long now = clock.millis();
        long last = lastWarn.get();
        if (now - last >= WARN_INTERVAL_MS && lastWarn.compareAndSet(last, now)) {
            long others = suppressed.getAndSet(0);
            log.warn("push to connector {} failed ({} other push failures since the last warning): {}", url, others,
                    error.toString());
        } else {
            suppressed.incrementAndGet();
        }
    }
}
