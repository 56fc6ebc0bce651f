package io.pigeonim.connector.route;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pigeonim.common.async.Failures;

import io.pigeonim.common.http.InternalClient;

/**
 * Tells the connector instance that held a device's route before that the device has connected here, so
 * that it closes its older connection with 1000 "replaced" (PROTOCOL.md §3: the newest connection of a
 * device wins, on whichever instance). Best effort and asynchronous: if the notice is lost, the older
 * connection gets no pushes (the route names this instance) and ends at its idle timeout, or at the next
 * route refresh, which finds the route taken.
 */
public final class ReplacementNotifier {

    private static final Logger log = LoggerFactory.getLogger(ReplacementNotifier.class);

    /** The body of {@code POST /internal/v1/connections/replaced}. */
    public record Notice(String uid, String deviceId) {
    }

    private final RouteRegistry routes;
    private final InternalClient http;

    /** @param http a client with threads, signing as this service */
    public ReplacementNotifier(RouteRegistry routes, InternalClient http) {
        this.routes = routes;
        this.http = http;
    }

    /** Notifies {@code previousConnectorId} (if it is alive) that (uid, deviceId) connected elsewhere. */
    public void replaced(String previousConnectorId, String uid, String deviceId) {
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
                    if (failure != null || response.status() / 100 != 2) {
                        log.debug("replacement notice to {} for {}/{} failed: {}", url, uid, deviceId,
                                failure != null ? Failures.unwrap(failure).toString() : "HTTP " + response.status());
                    }
                });
    }
}
