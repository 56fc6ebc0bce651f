package io.pigeonim.connector.route;

import java.util.Set;

/** Records which connector instance holds each online device (docs/internal-contracts.md, Redis keys). */
public interface RouteRegistry {

    /** This process's connector id. */
    String connectorId();

    /**
     * Routes (uid, deviceId) to this instance; returns the connector id the route named before (null when
     * none), so that an older connection of the device on another instance can be told to close.
     */
    String register(String uid, String deviceId);

    /**
     * Writes the route's expiry again if it still names this instance, or if it is gone; false when another
     * instance holds the device now (the local connection has been replaced).
     */
    boolean refresh(String uid, String deviceId);

    /** The devices of {@code uid} that have a route now, on any instance. */
    Set<String> devices(String uid);

    /** Whether the route of (uid, deviceId) names this instance. */
    boolean routesHere(String uid, String deviceId);

    /** The advertised base URL of a live connector instance, or null when its liveness key has expired. */
    String urlOf(String connectorId);

    /** Removes the route of (uid, deviceId) if it still points at this instance. */
    void unregister(String uid, String deviceId);

    /**
     * Announces this instance alive at its advertised URL for one more TTL. Answers false when the announcement was
     * not there any more: Redis lost its data (a restart without persistence, a failover) or the key expired, so the
     * routes of this instance's connections are probably gone too and must be written again.
     */
    boolean heartbeat();

    /** Withdraws this instance's liveness key (shutdown). */
    void withdraw();
}
