package io.pigeonim.connector.route;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.http.UnreachableException;

/**
 * Tells the connector instance that held a device's route before that the device has connected here, so
 * that it closes its older connection with 1000 "replaced" (PROTOCOL.md §3: the newest connection of a
 * device wins, on whichever instance). Best effort and asynchronous: if the notice is lost, the older
 * connection gets no pushes (the route names this instance) and ends at its idle timeout, or at the next
 * route refresh, which finds the route taken.
 *
 * @implNote An instance that did not answer a notice (refused, timed out) gets none for {@link #HOLD}. When a
 *     connector dies, every device it held comes here with a route naming it, and its liveness key outlives it by
 *     up to its TTL (30 s): without the hold, each of those upgrades paid a Redis read and an HTTP call that fails
 *     (15,000 of them in a kill: 18 % of the survivor's CPU, async-profiler, docs/performance.md). The dead
 *     instance holds no connection to close, and a live one that could not be reached gets the next notice after
 *     the hold; its older connections end as above.
 */
public final class ReplacementNotifier {

    private static final Logger log = LoggerFactory.getLogger(ReplacementNotifier.class);

    /** How long an instance that did not answer a notice gets no more. */
    public static final Duration HOLD = Duration.ofSeconds(5);

    /** The body of {@code POST /internal/v1/connections/replaced}. */
    public record Notice(String uid, String deviceId) {
    }

    private final RouteRegistry routes;
    private final InternalClient http;
    private final Clock clock;
    /** connectorId → until when (epoch millis) it gets no notices; as many entries as instances at most. */
    private final Map<String, Long> unanswered = new ConcurrentHashMap<>();

    /** @param http a client with threads, signing as this service */
    public ReplacementNotifier(RouteRegistry routes, InternalClient http, Clock clock) {
        this.routes = routes;
        this.http = http;
        this.clock = clock;
    }

    /** Notifies {@code previousConnectorId} (if it is alive) that (uid, deviceId) connected elsewhere. */
    public void replaced(String previousConnectorId, String uid, String deviceId) {
        if (held(previousConnectorId)) {
            return;
        }
        String url;
        try {
            url = routes.urlOf(previousConnectorId);
        } catch (RuntimeException e) {
            log.debug("no replacement notice for {}/{}: {}", uid, deviceId, e.toString());
            return;
        }
        if (url == null) {
            return;
        }
        http.postAsync(url, "/internal/v1/connections/replaced", new Notice(uid, deviceId))
                .whenComplete((response, failure) -> {
                    Throwable cause = failure == null ? null : Failures.unwrap(failure);
                    if (cause instanceof UnreachableException) {
                        unanswered.put(previousConnectorId, clock.millis() + HOLD.toMillis());
                    }
                    if (cause != null || response.status() / 100 != 2) {
                        log.debug("replacement notice to {} for {}/{} failed: {}", url, uid, deviceId,
                                cause != null ? cause.toString() : "HTTP " + response.status());
                    }
                });
    }

    /** Whether {@code connectorId} did not answer a notice within the last {@link #HOLD}. */
    boolean held(String connectorId) {
        Long until = unanswered.get(connectorId);
        if (until == null) {
            return false;
        }
        if (clock.millis() < until) {
            return true;
        }
        unanswered.remove(connectorId, until);
        return false;
    }
}
