package io.pigeonim.message.seq;

/** seq-service could not hand out seqs now; the caller retries later. */
public final class SeqUnavailableException extends RuntimeException {

    SeqUnavailableException(String message) {
        super(message);
    }

    SeqUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
