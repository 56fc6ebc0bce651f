package io.pigeonim.connector.config;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.uplink.UplinkPublisher;
import io.pigeonim.connector.ws.ConnectionRoutes;

/**
 * On shutdown, before the web server stops: closes every connection with 1012 (clients reconnect
 * elsewhere and sync), spread over {@code pigeon.connector.ws.close-spread}, removes their routes and this
 * instance's liveness key, and flushes the producer.
 */
@Component
class GracefulShutdown implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);

    private final ConnectionRoutes connections;
    private final RouteRegistry routes;
    private final UplinkPublisher publisher;
    private final Duration closeSpread;
    private volatile boolean running;

    GracefulShutdown(ConnectionRoutes connections, RouteRegistry routes, UplinkPublisher publisher,
            ConnectorProperties props) {
        this.closeSpread = props.ws().closeSpread();
        this.connections = connections;
        this.routes = routes;
        this.publisher = publisher;
    }

    @Override
    public void start() {
        try {
            routes.heartbeat();
        } catch (RuntimeException e) {
            // the scheduled heartbeat retries; connections are refused with 1013 while Redis is down
            log.warn("first connector heartbeat failed: {}", e.toString());
        }
        running = true;
        log.info("connector {} started", routes.connectorId());
    }

    @Override
    public void stop() {
        running = false;
        connections.closeAll(CloseCode.SERVICE_RESTART, "service restart", closeSpread);
        try {
            routes.withdraw();
        } catch (RuntimeException e) {
            log.warn("liveness key not withdrawn: {}", e.toString());
        }
        publisher.flush();
        log.info("connector {} stopped", routes.connectorId());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the web server's graceful shutdown, which does not wait for WebSockets. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }
}
