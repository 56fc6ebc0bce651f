package io.pigeonim.connector.ws;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.connector.route.ReplacementNotifier;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.SessionRegistry;

/**
 * Keeps the local registry and the Redis routes in step as connections open and close.
 *
 * @implNote Each (uid, deviceId) is handled under one of a fixed set of locks, so that an older
 *     connection closing cannot delete the route its replacement has just written (both hold the same
 *     connectorId, which the Redis compare-and-delete alone cannot tell apart).
 */
public final class ConnectionRoutes {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRoutes.class);

    private final SessionRegistry sessions;
    private final RouteRegistry routes;
    private final ReplacementNotifier replacements;
    private final Object[] stripes = new Object[64];
    private volatile boolean closing;

    public ConnectionRoutes(SessionRegistry sessions, RouteRegistry routes, ReplacementNotifier replacements) {
        this.sessions = sessions;
        this.routes = routes;
        this.replacements = replacements;
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /**
     * Registers a new connection locally and in Redis; returns the connection it replaces, or null.
     *
     * @throws RuntimeException when Redis refused: the connection is not registered
     */
    Connection open(Connection c) {
        synchronized (stripe(c)) {
            if (closing) {
                throw new ShuttingDownException();
            }
            Connection older = sessions.register(c);
            try {
                String previous = routes.register(c.uid(), c.deviceId());
                if (previous != null && !previous.equals(routes.connectorId())) {
                    replacements.replaced(previous, c.uid(), c.deviceId());
                }
            } catch (RuntimeException e) {
                sessions.remove(c);
                if (older != null) {
                    older.close(CloseCode.TRY_AGAIN_LATER, "route registry unavailable");
                }
                throw e;
            }
            return older;
        }
    }

    /** Forgets a closed connection, and its route unless a newer connection of the device took over. */
    void closed(Connection c) {
        synchronized (stripe(c)) {
            if (sessions.remove(c)) {
                try {
                    routes.unregister(c.uid(), c.deviceId());
                } catch (RuntimeException e) {
                    // the route outlives us until its connector key expires; readers then ignore it
                    log.warn("route of a closed connection not removed: {}", e.toString());
                }
            }
        }
    }

    /**
     * Writes every local route again (they expire in Redis; long-lived connections outlive that); a local
     * connection whose device has connected to another instance since is closed as replaced.
     */
    public void refreshAll() {
        for (Connection c : sessions.all()) {
            synchronized (stripe(c)) {
                if (sessions.isCurrent(c) && !routes.refresh(c.uid(), c.deviceId())) {
                    c.close(CloseCode.NORMAL, "replaced");
                }
            }
        }
    }

    /**
     * Another instance reports that (uid, deviceId) connected there: the local connection of that device is
     * closed with 1000 "replaced", unless the route names this instance again (the device came back here
     * before the notice arrived). Returns how many connections were closed.
     */
    public int replacedElsewhere(String uid, String deviceId) {
        int closed = 0;
        for (Connection c : sessions.of(uid)) {
            if (c.deviceId().equals(deviceId)) {
                synchronized (stripe(c)) {
                    if (sessions.isCurrent(c) && !routes.routesHere(uid, deviceId)) {
                        c.close(CloseCode.NORMAL, "replaced");
                        closed++;
                    }
                }
            }
        }
        return closed;
    }

    /**
     * Closes every connection and removes its route (shutdown), the closes spread evenly over {@code spread}: a
     * rollout then moves an instance's clients to the others over that period, not in one reconnect storm.
     */
    public void closeAll(CloseCode code, String reason, Duration spread) {
        closing = true;
        List<Connection> all = List.copyOf(sessions.all());
        long start = System.nanoTime();
        for (int i = 0; i < all.size(); i++) {
            if (!spread.isZero() && !awaitTurn(start + spread.toNanos() / all.size() * i)) {
                spread = Duration.ZERO;
            }
            Connection c = all.get(i);
            c.close(code, reason);
            closed(c);
        }
        // closes run on the closer thread: wait (a bounded while) for their close frames before the server stops
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (all.stream().anyMatch(Connection::isOpen) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.info("closed {} connections with {} {}", all.size(), code.code(), reason);
    }

    /** Sleeps until {@code nanoTime}, unless that is less than 10 ms away; false when interrupted. */
    private static boolean awaitTurn(long nanoTime) {
        long wait = nanoTime - System.nanoTime();
        if (wait < TimeUnit.MILLISECONDS.toNanos(10)) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** This instance is closing: new connections are turned away with 1012. */
    static final class ShuttingDownException extends RuntimeException {

        ShuttingDownException() {
            super("shutting down", null, false, false);
        }
    }

    private Object stripe(Connection c) {
        return stripes[Math.floorMod((c.uid() + '\n' + c.deviceId()).hashCode(), stripes.length)];
    }
}
