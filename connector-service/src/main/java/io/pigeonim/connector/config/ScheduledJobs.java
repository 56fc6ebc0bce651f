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

    @Scheduled(fixedDelayString = "${pigeon.connector.route.heartbeat:10s}")
    void heartbeat() {
        try {
            routes.heartbeat();
        } catch (RuntimeException e) {
            log.warn("connector heartbeat failed: {}", e.toString());
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
