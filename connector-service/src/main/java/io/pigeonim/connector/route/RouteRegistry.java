package io.pigeonim.connector.route;

/** Records which connector instance holds each online device (docs/internal-contracts.md, Redis keys). */
public interface RouteRegistry {

    /** This process's connector id. */
    String connectorId();

    /** Routes (uid, deviceId) to this instance. */
    void register(String uid, String deviceId);

    /** Removes the route of (uid, deviceId) if it still points at this instance. */
    void unregister(String uid, String deviceId);

    /** Announces this instance alive at its advertised URL for one more TTL. */
    void heartbeat();

    /** Withdraws this instance's liveness key (shutdown). */
    void withdraw();
}
