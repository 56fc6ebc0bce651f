package io.pigeonim.connector.ws;

import java.time.Clock;
import java.time.Duration;

import io.pigeonim.common.frame.CloseCode;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.SessionRegistry;

/**
 * Closes connections silent for longer than the idle timeout with 1000 "idle" (PROTOCOL.md §3), and those whose
 * token has expired with 1008 "token expired", as the gateway does for the connections it proxies: a connection
 * lives no longer than the token that opened it (to within one sweep interval).
 */
public final class IdleConnectionSweeper {

    private final SessionRegistry sessions;
    private final Clock clock;
    private final long idleMillis;

    public IdleConnectionSweeper(SessionRegistry sessions, Clock clock, Duration idleTimeout) {
        this.sessions = sessions;
        this.clock = clock;
        this.idleMillis = idleTimeout.toMillis();
    }

    /** Returns how many connections it closed. */
    public int sweep() {
        long now = clock.millis();
        int closed = 0;
        for (Connection c : sessions.all()) {
            if (now >= c.expiresAtMillis()) {
                c.close(CloseCode.POLICY_VIOLATION, "token expired");
                closed++;
            } else if (now - c.lastSeenMillis() >= idleMillis) {
                c.close(CloseCode.NORMAL, "idle");
                closed++;
            }
        }
        return closed;
    }
}
