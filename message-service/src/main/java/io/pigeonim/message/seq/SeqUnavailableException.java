package io.pigeonim.message.seq;

import org.springframework.dao.TransientDataAccessResourceException;

/**
 * seq-service could not hand out seqs now (unreachable, timed out, 5xx, 408, 429): a transient failure, the caller
 * retries later.
 *
 * @implNote A Spring transient data access exception, like a MySQL or Redis outage: the uplink consumer tells a
 *     dependency that is down from a deterministic error by that one hierarchy (ADR 0019).
 */
public final class SeqUnavailableException extends TransientDataAccessResourceException {

    SeqUnavailableException(String message) {
        super(message);
    }

    SeqUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
