package io.pigeonim.common.runtime;

import java.util.Properties;

/**
 * What every service's {@code main} sets before anything else runs.
 *
 * @implNote With fewer than 3 CPUs the JDK's common pool has a parallelism of 1, and {@code CompletableFuture}
 *     then runs every asynchronous step on a new thread. The JDK {@code HttpClient} completes each
 *     {@code sendAsync} through that default executor even when it has an executor of its own, so on a 2-core
 *     machine (or a pod limited to 2 CPUs) every internal call started a thread: a flight recording of
 *     message-service counted past 59,000. A parallelism of at least 2 makes those steps run on the common pool's
 *     few threads. An explicit {@code -Djava.util.concurrent.ForkJoinPool.common.parallelism} is kept. Rejected:
 *     blocking {@code send} on a bounded pool of our own (a slow peer then holds every thread and later calls
 *     queue behind it), and the flag in each start script (Kubernetes manifests, IDE runs and tests would each
 *     need it).
 */
public final class ServiceJvm {

    /** The system property that sizes the JDK's common pool. */
    public static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private ServiceJvm() {
    }

    /** Applies the settings to this JVM's system properties; call first thing in {@code main}. */
    public static void configure() {
        configure(System.getProperties(), Runtime.getRuntime().availableProcessors());
    }

    static void configure(Properties properties, int cpus) {
        if (properties.getProperty(COMMON_POOL_PARALLELISM) == null) {
            properties.setProperty(COMMON_POOL_PARALLELISM, Integer.toString(Math.max(2, cpus - 1)));
        }
    }
}
