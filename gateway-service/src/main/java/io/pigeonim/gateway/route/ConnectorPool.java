package io.pigeonim.gateway.route;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * The connector instances a WebSocket upgrade may go to, tried in round-robin order: each new connection
 * starts at the next instance and falls through to the following ones while an instance refuses the
 * connection. With no instances configured the route's own URI is the only candidate (in Kubernetes that
 * is the connector Service, which balances by itself).
 *
 * @implNote Round-robin rather than least-connections: connections live for hours, and a crashed or
 *     restarted instance is refilled by the reconnects it causes. A device's later connections may land on
 *     another instance; the route registry makes that harmless (the newest connection wins).
 */
public final class ConnectorPool {

    private final String routeId;
    private final List<URI> instances;
    private final AtomicInteger next = new AtomicInteger();

    /**
     * @param routeId the gateway route whose upstream this pool replaces
     * @param instances base URLs ({@code http://host:port} or {@code ws://host:port}); empty to use the route's
     */
    public ConnectorPool(String routeId, List<URI> instances) {
        this.routeId = routeId;
        this.instances = List.copyOf(instances);
    }

    /** Upstream URLs to try in order for a request routed by {@code routeId} to {@code requestUrl}. */
    List<URI> candidates(String routeId, URI requestUrl) {
        if (instances.isEmpty() || !this.routeId.equals(routeId)) {
            return List.of(requestUrl);
        }
        int start = Math.floorMod(next.getAndIncrement(), instances.size());
        List<URI> ordered = new ArrayList<>(instances.size());
        for (int i = 0; i < instances.size(); i++) {
            URI instance = instances.get((start + i) % instances.size());
            ordered.add(UriComponentsBuilder.fromUri(requestUrl).scheme(instance.getScheme())
                    .host(instance.getHost()).port(instance.getPort()).build(true).toUri());
        }
        return ordered;
    }

    public int size() {
        return instances.size();
    }
}
