package io.pigeonim.message.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InternalHttpTest {

    @Test
    void callsAndTheClientsOwnWorkRunOnBoundedPoolsOfNamedDaemonThreads() throws Exception {
        InternalHttp http = new InternalHttp("t", 2, 3, Duration.ofSeconds(1));
        try {
            assertThat(threadsRunning(http.senders(), 30)).containsAnyOf("t-send-1", "t-send-2", "t-send-3")
                    .isSubsetOf("t-send-1", "t-send-2", "t-send-3");
            assertThat(http.client().executor()).isPresent();
            assertThat(threadsRunning(http.client().executor().orElseThrow(), 30)).isSubsetOf("t-http-1", "t-http-2");
        } finally {
            http.close();
        }
        assertThatThrownBy(() -> http.senders().execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
        assertThatThrownBy(() -> http.client().executor().orElseThrow().execute(() -> { }))
                .isInstanceOf(RejectedExecutionException.class);
    }

    @Test
    void aClientWithoutSenderThreadsRefusesToHandThemOut() {
        InternalHttp http = new InternalHttp("s", 2, 0, Duration.ofSeconds(1));
        try {
            assertThatThrownBy(http::senders).isInstanceOf(IllegalStateException.class);
        } finally {
            http.close();
        }
    }

    /** The names of the threads that ran {@code tasks} tasks on {@code executor}; each must be a daemon. */
    private static Set<String> threadsRunning(Executor executor, int tasks) throws InterruptedException {
        Set<String> names = ConcurrentHashMap.newKeySet();
        CountDownLatch done = new CountDownLatch(tasks);
        for (int i = 0; i < tasks; i++) {
            executor.execute(() -> {
                names.add(Thread.currentThread().getName() + (Thread.currentThread().isDaemon() ? "" : " (not a daemon)"));
                done.countDown();
            });
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        return names;
    }
}
