package io.pigeonim.connector.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.ws.ConnectionRoutes;
import io.pigeonim.connector.ws.IdleConnectionSweeper;

/** The periodic jobs: liveness heartbeat, route refresh, idle sweep. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class ScheduledJobs {

    private static final Logger log = LoggerFactory.getLogger(ScheduledJobs.class);

    private final RouteRegistry routes;
    private final ConnectionRoutes connectionRoutes;
    private final IdleConnectionSweeper idle;
    private final RateLimiter rateLimiter;

    ScheduledJobs(RouteRegistry routes, ConnectionRoutes connectionRoutes, IdleConnectionSweeper idle,
            RateLimiter rateLimiter) {
        this.routes = routes;
        this.connectionRoutes = connectionRoutes;
        this.idle = idle;
        this.rateLimiter = rateLimiter;
    }

    /**
     * Keeps this instance's liveness key; when it was gone (Redis restarted empty, or failed over, or the key expired
     * while Redis was unreachable), writes every local route again at once: without them message-service would find
     * the devices offline and push nothing to them until they reconnect.
     */
    @Scheduled(fixedDelayString = "${pigeon.connector.route.heartbeat:2s}")
    void heartbeat() {
        boolean intact;
        try {
            intact = routes.heartbeat();
        } catch (RuntimeException e) {
            log.warn("connector heartbeat failed: {}", e.toString());
            return;
        }
        if (!intact) {
            log.warn("this connector's key was gone from Redis (restarted empty, failed over or unreachable past its "
                    + "TTL): writing every local route again");
            refreshRoutes();
        }
    }

    @Scheduled(fixedDelayString = "${pigeon.connector.route.refresh-interval:6h}",
            initialDelayString = "${pigeon.connector.route.refresh-interval:6h}")
    void refreshRoutes() {
        try {
            connectionRoutes.refreshAll();
        } catch (RuntimeException e) {
            log.warn("route refresh failed: {}", e.toString());
        }
    }

    @Scheduled(fixedDelayString = "${pigeon.connector.ws.idle-check-interval:5s}")
    void sweep() {
        idle.sweep();
        rateLimiter.evictIdle();
    }
}
