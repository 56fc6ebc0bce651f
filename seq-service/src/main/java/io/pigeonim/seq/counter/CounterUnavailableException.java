package io.pigeonim.seq.counter;

/** Redis did not answer in time or refused: nothing can be handed out safely now. */
public class CounterUnavailableException extends RuntimeException {

    public CounterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
