package io.pigeonim.common.async;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What a caller of an asynchronous API needs to tell one failure from another. */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure a {@code CompletableFuture} or {@code Future} wraps: {@code failure} itself unless it is a
     * {@link CompletionException} or {@link ExecutionException} with a cause, then that cause, unwrapped again. Null
     * stays null.
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
