package io.pigeonim.connector.ws;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.pigeonim.common.limit.TokenBucket;

/**
 * Whether this instance takes one more connection: a budget of connections and one of heap, so that past them it
 * refuses new upgrades (and says so in readiness) instead of running out of memory with its sockets held open; and a
 * rate of upgrades, so that the devices of a dead instance come back spread over seconds instead of all at once.
 *
 * @implNote The heap check reads the old generation's usage after its last collection (the live set, not garbage
 *     waiting for a GC), so a busy but healthy heap does not refuse. The connection check reads the registry,
 *     which a connection enters when its upgrade completes: upgrades in progress at the same moment can pass the
 *     budget by at most their number (the Tomcat threads), which the heap budget's headroom absorbs.
 */
public final class Admission {

    /** The outcome for one upgrade: admitted, or refused for which budget. */
    public enum Verdict {
        ADMIT, CONNECTIONS, MEMORY,
        /** more upgrades a second than the instance takes (a reconnect storm): paced, come back in a moment */
        RATE
    }

    private final IntSupplier open;
    private final int maxConnections;
    private final double maxHeapShare;
    private final Supplier<MemoryUsage> liveHeap;
    private final TokenBucket upgrades;
    private final LongSupplier nanos;

    /**
     * @param open connections open now
     * @param maxConnections the most connections this instance holds
     * @param maxHeapShare refuse when the old generation's live set is above this share of its maximum (1: never)
     * @param liveHeap the old generation's usage after its last collection, or null when unknown
     * @param upgrades the upgrades a second admitted (a storm of reconnects after another instance died is paced)
     * @param nanos the clock of {@code upgrades}
     */
    public Admission(IntSupplier open, int maxConnections, double maxHeapShare, Supplier<MemoryUsage> liveHeap,
            TokenBucket upgrades, LongSupplier nanos) {
        this.open = open;
        this.maxConnections = maxConnections;
        this.maxHeapShare = maxHeapShare;
        this.liveHeap = liveHeap;
        this.upgrades = upgrades;
        this.nanos = nanos;
    }

    /**
     * The connection budget a heap allows: what is left after {@code reserveBytes} for everything else, at
     * {@code bytesPerConnection} each (docs/performance.md, connections: about 20 KB of heap per idle connection), at
     * least 100.
     */
    public static int budgetFor(long maxHeapBytes, long reserveBytes, long bytesPerConnection) {
        long budget = (maxHeapBytes - reserveBytes) / bytesPerConnection;
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, budget));
    }

    /**
     * The connection budget this process's open-file limit allows: every connection is a socket, and past the limit
     * Tomcat's acceptor fails on every new one (EMFILE) instead of answering 503; {@code reserveFiles} are kept for
     * jars, Kafka, Redis and internal HTTP. {@link Integer#MAX_VALUE} when the JVM does not say.
     */
    public static int budgetForFiles(long maxFileDescriptors, long reserveFiles) {
        if (maxFileDescriptors <= 0) {
            return Integer.MAX_VALUE;
        }
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, maxFileDescriptors - reserveFiles));
    }

    /** This process's open-file limit, or 0 when the JVM does not say (not a Unix system). */
    public static long maxFileDescriptors() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : 0;
    }

    /** The old (tenured) heap pool's usage after its last collection, or null when the JVM has none that says. */
    public static Supplier<MemoryUsage> oldGenerationAfterGc() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            String name = pool.getName();
            if (pool.getType() == MemoryType.HEAP && pool.isCollectionUsageThresholdSupported()
                    && (name.contains("Old") || name.contains("Tenured"))) {
                return pool::getCollectionUsage;
            }
        }
        return () -> null;
    }

    /** Whether one more upgrade is admitted now: the budgets, then the rate (which this call uses a token of). */
    public Verdict admit() {
        Verdict budget = budget();
        if (budget != Verdict.ADMIT) {
            return budget;
        }
        return upgrades.tryTake(nanos.getAsLong()) ? Verdict.ADMIT : Verdict.RATE;
    }

    /** Whether the instance is within its budgets of connections and heap (readiness; takes no token). */
    public Verdict budget() {
        if (open.getAsInt() >= maxConnections) {
            return Verdict.CONNECTIONS;
        }
        MemoryUsage live = liveHeap.get();
        if (live != null && maxHeapShare < 1) {
            long max = live.getMax() > 0 ? live.getMax() : Runtime.getRuntime().maxMemory();
            if (live.getUsed() > maxHeapShare * max) {
                return Verdict.MEMORY;
            }
        }
        return Verdict.ADMIT;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public int open() {
        return open.getAsInt();
    }
}
