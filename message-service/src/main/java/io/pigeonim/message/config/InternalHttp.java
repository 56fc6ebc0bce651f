package io.pigeonim.message.config;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * An HTTP/1.1 client for calls to one of our own services: its own connection pool (keep-alive, reused across calls),
 * a small fixed pool of named daemon threads for the client's internal work ({@code <name>-http-N}) and, for callers
 * that send several calls at once, a fixed pool of threads that make them ({@code <name>-send-N}); closed with the
 * context.
 *
 * @implNote Without {@code executor(...)} the JDK client runs on an unbounded cached pool. Calls go through
 *     {@link HttpClient#send} (blocking, on the caller's thread or a sender thread), never {@code sendAsync}: the JDK
 *     completes every {@code sendAsync} future through {@code CompletableFuture}'s default executor, which on a
 *     machine with fewer than 3 CPUs (common pool parallelism 1) starts a new thread per call, whatever executor the
 *     client has (seen in a flight recording: one {@code Thread-N} started per push).
 */
final class InternalHttp implements AutoCloseable {

    private final ExecutorService internal;
    private final ExecutorService senders;
    private final HttpClient client;

    /**
     * @param name the callee, in thread names
     * @param clientThreads threads of the client's internal work
     * @param senderThreads threads for calls made in parallel (0: every call is made on its caller's thread)
     */
    InternalHttp(String name, int clientThreads, int senderThreads, Duration connectTimeout) {
        this.internal = daemonPool(name + "-http-", clientThreads);
        this.senders = senderThreads == 0 ? null : daemonPool(name + "-send-", senderThreads);
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(internal)
                .build();
    }

    HttpClient client() {
        return client;
    }

    /** The threads that make parallel calls: as many calls in flight at most. */
    Executor senders() {
        if (senders == null) {
            throw new IllegalStateException("this client has no sender threads");
        }
        return senders;
    }

    private static ExecutorService daemonPool(String prefix, int threads) {
        CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return Executors.newFixedThreadPool(threads, factory);
    }

    @Override
    public void close() {
        if (senders != null) {
            senders.shutdown();
        }
        // HttpClient is AutoCloseable from JDK 21 on (waits for calls in flight); on 17 it ends with its executor
        if (client instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // closing anyway
            }
        }
        internal.shutdown();
    }
}
