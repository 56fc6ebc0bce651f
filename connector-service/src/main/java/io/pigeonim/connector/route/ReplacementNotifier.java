package io.pigeonim.connector.route;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;

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
    private final HttpClient http;
    private final ServiceTrust trust;
    private final Duration timeout;
    private final Traces traces;

    public ReplacementNotifier(RouteRegistry routes, HttpClient http, ServiceTrust trust, Duration timeout,
            Traces traces) {
        this.traces = traces;
        this.routes = routes;
        this.trust = trust;
        this.http = http;
        this.timeout = timeout;
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
        HttpRequest post = trust.post(URI.create(url.replaceAll("/+$", "") + "/internal/v1/connections/replaced"),
                        PigeonJson.mapper().writeValueAsBytes(new Notice(uid, deviceId)))
                .timeout(timeout)
                .build();
        traces.sendAsync(http, post, "/internal/v1/connections/replaced", HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() / 100 != 2) {
                        log.debug("replacement notice to {} for {}/{} failed: {}", url, uid, deviceId,
                                failure != null ? failure.toString() : "HTTP " + response.statusCode());
                    }
                });
    }
}
