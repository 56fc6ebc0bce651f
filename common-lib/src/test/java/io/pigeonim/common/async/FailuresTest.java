package io.pigeonim.common.async;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void theCauseIsReachedThroughEveryWrapper() {
        IOException cause = new IOException("reset");

        assertThat(Failures.unwrap(new CompletionException(new ExecutionException(cause)))).isSameAs(cause);
        Throwable joined = CompletableFuture.failedFuture(cause).handle((ok, failure) -> failure).join();
        assertThat(Failures.unwrap(joined)).isSameAs(cause);
    }

    @Test
    void anythingElseIsItselfAndAWrapperWithoutCauseStays() {
        IllegalStateException plain = new IllegalStateException("x");
        CompletionException empty = new CompletionException("no cause", null);

        assertThat(Failures.unwrap(plain)).isSameAs(plain);
        assertThat(Failures.unwrap(empty)).isSameAs(empty);
        assertThat(Failures.unwrap(null)).isNull();
    }
}
