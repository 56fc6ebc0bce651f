package io.pigeonim.message.uplink;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/**
 * Why an uplink batch failed: a dependency that does not answer (retried in place for as long as it takes) or an
 * error that comes back the same way while the dependencies answer (isolated, then parked: ADR 0019).
 */
enum FailureClass {

    /** MySQL, Redis, seq-service or Kafka unreachable, timing out, overloaded, failing over, or shutting down. */
    TRANSIENT,
    /** Anything else: a bug, a constraint, a trigger, a refused request; trying again the same way fails again. */
    DETERMINISTIC;

    /**
     * MySQL/MariaDB errors that say the server is unavailable for writes rather than that the statement is wrong:
     * read-only (1290, 1836: a failover), shutting down (1053), too many connections (1040, 1203), lock wait and
     * deadlock (1205, 1213), query interrupted or killed (1317, 1927, 3024), connection errors (2002, 2003, 2006,
     * 2013).
     */
    private static final Set<Integer> UNAVAILABLE_MYSQL_ERRORS = Set.of(1290, 1836, 1053, 1040, 1203, 1205, 1213,
            1317, 1927, 3024, 2002, 2003, 2006, 2013);
    /** Causes followed at most, against a cycle. */
    private static final int MAX_DEPTH = 32;

    /** Transient when any cause of {@code failure} is one of a dependency being away; deterministic otherwise. */
    static FailureClass of(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++, cause = cause.getCause()) {
            if (isTransient(cause)) {
                return TRANSIENT;
            }
        }
        return DETERMINISTIC;
    }

    private static boolean isTransient(Throwable cause) {
        // Spring's hierarchy: JDBC and MyBatis (translated), Redis (Lettuce translated), seq-service (SeqClient)
        return cause instanceof TransientDataAccessException
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof RecoverableDataAccessException
                // Hikari's "connection not available", Connector/J's communications errors, a MySQL that cannot write
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || (cause instanceof SQLException sql && isUnavailable(sql))
                // the network, the JDK HTTP client's timeouts, an interrupted call (shutting down)
                || cause instanceof IOException
                || cause instanceof UncheckedIOException
                || cause instanceof InterruptedException
                // Kafka: a publish to the dead-letter or retry topic timed out, or the broker is away
                || cause instanceof TimeoutException
                || cause instanceof RetriableException;
    }

    private static boolean isUnavailable(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || UNAVAILABLE_MYSQL_ERRORS.contains(e.getErrorCode());
    }
}
