package io.pigeonim.message.seq;

import org.springframework.dao.NonTransientDataAccessResourceException;

/**
 * seq-service answered, but not with the ranges asked for (a 4xx other than 408 and 429, or a malformed answer):
 * asking again the same way gets the same answer.
 */
public final class SeqRefusedException extends NonTransientDataAccessResourceException {

    SeqRefusedException(String message) {
        super(message);
    }

    SeqRefusedException(String message, Throwable cause) {
        super(message, cause);
    }
}
