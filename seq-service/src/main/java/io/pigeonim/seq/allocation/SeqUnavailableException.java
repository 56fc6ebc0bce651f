package io.pigeonim.seq.allocation;

/** Seqs cannot be handed out with the guarantee now (503 {@code UNAVAILABLE}); the caller retries. */
public class SeqUnavailableException extends RuntimeException {

    SeqUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
