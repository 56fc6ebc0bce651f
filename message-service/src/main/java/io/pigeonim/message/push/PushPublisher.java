package io.pigeonim.message.push;

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
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.trace.Traces;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Pushes frames to every connector instance holding a device of the addressed users, all instances in parallel.
 *
 * @implNote A failed push is counted and logged (at most one WARN per interval) and retried in the background a
 *     bounded number of times ({@link #RETRY_DELAYS_MS}), each time to wherever its users are online then (a
 *     device may have moved to another instance): an online device would otherwise see the last message of a
 *     quiet conversation only at its next reconnect (issue 13). The uplink never waits for a retry. A retry that
 *     arrives after a later push of its conversation is not written by the connector, and the device fills the gap
 *     from history (PROTOCOL.md §3); a duplicate is dropped by msgId. Each request is one blocking call on a sender
 *     thread (a bounded pool); a caller that waits anyway makes the last one itself, so the common case of one
 *     instance costs no thread hand-off.
 */
public final class PushPublisher {

    private static final Logger log = LoggerFactory.getLogger(PushPublisher.class);
    private static final long WARN_INTERVAL_MS = 10_000;
    /** Pauses before the retries of a failed push request: about 5 s in all, then it is given up. */
    static final long[] RETRY_DELAYS_MS = {250, 1_000, 4_000};
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "push-retry");
        t.setDaemon(true);
        return t;
    });

    private final RedisRouteDirectory directory;
    private final ConnectorClient connectors;
    private final Executor senders;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Counter failures;
    private final Counter retried;
    private final Counter abandoned;
    private final Timer resolved;
    private final Timer sent;
    private final Timer notSent;
    private final Clock clock;
    private final Traces traces;
    private final AtomicLong lastWarn = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicLong suppressed = new AtomicLong();

    /**
     * @param http the connectors' client: its threads send pushes in parallel (bounded: as many requests in flight
     *     at most), its read timeout is {@code timeout}
     * @param traces each request continues the caller's trace (the batch's first record, when tracing is on)
     */
    public PushPublisher(StringRedisTemplate redis, InternalClient http, Duration timeout, MeterRegistry meters,
            Clock clock, Traces traces) {
        this.directory = new RedisRouteDirectory(redis);
        this.connectors = new ConnectorClient(http);
        this.traces = traces;
        this.senders = http.executor();
        this.timeout = timeout;
        this.meters = meters;
        this.failures = Counter.builder("pigeon.message.pushes.failed")
                .description("Push requests to a connector instance that failed (retried a few times)")
                .register(meters);
        this.retried = Counter.builder("pigeon.message.pushes.retried")
                .description("Push requests sent again after a failure").register(meters);
        this.abandoned = Counter.builder("pigeon.message.pushes.abandoned")
                .description("Push requests given up after their last retry (the devices sync or fill the gap)")
                .register(meters);
        this.resolved = Timer.builder("pigeon.message.routes.resolved")
                .description("One route lookup in Redis for the users of a batch (or of acknowledged messages)")
                .register(meters);
        this.sent = pushes(meters, "success");
        this.notSent = pushes(meters, "failure");
        this.clock = clock;
    }

    private static Timer pushes(MeterRegistry meters, String outcome) {
        return Timer.builder("pigeon.message.pushes.sent")
                .description("One push request to a connector instance, until it answered")
                .tag("outcome", outcome).register(meters);
    }

    /**
     * Where {@code uids} are online now.
     *
     * @throws org.springframework.dao.DataAccessException when Redis is unreachable
     */
    public Routes routes(Collection<String> uids) {
        return resolved.record(() -> directory.lookup(uids));
    }

    /** Pushes and waits (at most about the push timeout) for every instance to answer. */
    public void publish(Routes routes, List<PushRequest.Push> pushes) {
        List<Map.Entry<String, PushRequest>> requests = new ArrayList<>(PushPlan.perConnector(routes, pushes).entrySet());
        if (requests.isEmpty()) {
            return;
        }
        long deadline = clock.millis() + timeout.toMillis() + 1000;
        List<CompletableFuture<Void>> others = new ArrayList<>(requests.size() - 1);
        for (Map.Entry<String, PushRequest> request : requests.subList(0, requests.size() - 1)) {
            others.add(sendLater(request.getKey(), request.getValue()));
        }
        Map.Entry<String, PushRequest> last = requests.get(requests.size() - 1);
        send(last.getKey(), last.getValue());
        try {
            CompletableFuture.allOf(others.toArray(CompletableFuture[]::new))
                    .get(Math.max(0, deadline - clock.millis()), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // each failure is already counted and logged where it happened
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        PushPlan.perConnector(routes, pushes).forEach(this::sendLater);
    }

    private CompletableFuture<Void> sendLater(String url, PushRequest request) {
        return sendLater(url, request, 0);
    }

    private CompletableFuture<Void> sendLater(String url, PushRequest request, int retries) {
        try {
            // in the caller's trace (the batch's), as the request it makes on its own thread
            return CompletableFuture.runAsync(traces.wrap(() -> send(url, request, retries)), senders);
        } catch (RejectedExecutionException e) {
            // shutting down
            failed(url, e);
            return CompletableFuture.completedFuture(null);
        }
    }

    private void send(String url, PushRequest request) {
        send(url, request, 0);
    }

    /** One request, until answered; a failure is counted, logged and retried later, never thrown. */
    private void send(String url, PushRequest request, int retries) {
        Timer.Sample call = Timer.start(meters);
        try {
            connectors.push(url, request);
            call.stop(sent);
            return;
        } catch (RuntimeException e) {
            call.stop(notSent);
            failed(url, e);
        }
        retryLater(request, retries);
    }

    /** After the next pause, pushes {@code request}'s frames again to wherever their users are online now. */
    private void retryLater(PushRequest request, int retries) {
        if (retries >= RETRY_DELAYS_MS.length) {
            abandoned.increment();
            return;
        }
        try {
            RETRIES.schedule(traces.wrap(() -> {
                Set<String> uids = new LinkedHashSet<>();
                request.pushes().forEach(push -> uids.addAll(push.uids()));
                Map<String, PushRequest> again;
                try {
                    again = PushPlan.perConnector(routes(uids), request.pushes());
                } catch (RuntimeException e) {
                    failed("(route lookup)", e);
                    retryLater(request, retries + 1);
                    return;
                }
                again.forEach((url, narrowed) -> {
                    retried.increment();
                    sendLater(url, narrowed, retries + 1);
                });
            }), RETRY_DELAYS_MS[retries], TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            abandoned.increment();
        }
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
