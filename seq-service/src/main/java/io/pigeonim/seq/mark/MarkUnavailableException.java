package io.pigeonim.seq.mark;

/** MySQL did not take or give a mark: no new block can be handed out now. */
public class MarkUnavailableException extends RuntimeException {

    public MarkUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
