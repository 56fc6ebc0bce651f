package io.pigeonim.connector.ws;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Whether this instance takes one more connection: a budget of connections and one of heap, so that past them it
 * refuses new upgrades (and says so in readiness) instead of running out of memory with its sockets held open.
 *
 * @implNote The heap check reads the old generation's usage after its last collection (the live set, not garbage
 *     waiting for a GC), so a busy but healthy heap does not refuse. The connection check reads the registry,
 *     which a connection enters when its upgrade completes: upgrades in progress at the same moment can pass the
 *     budget by at most their number (the Tomcat threads), which the heap budget's headroom absorbs.
 */
public final class Admission {

    /** The outcome for one upgrade: admitted, or refused for which budget. */
    public enum Verdict {
        ADMIT, CONNECTIONS, MEMORY
    }

    private final IntSupplier open;
    private final int maxConnections;
    private final double maxHeapShare;
    private final Supplier<MemoryUsage> liveHeap;

    /**
     * @param open connections open now
     * @param maxConnections the most connections this instance holds
     * @param maxHeapShare refuse when the old generation's live set is above this share of its maximum (1: never)
     * @param liveHeap the old generation's usage after its last collection, or null when unknown
     */
    public Admission(IntSupplier open, int maxConnections, double maxHeapShare, Supplier<MemoryUsage> liveHeap) {
        this.open = open;
        this.maxConnections = maxConnections;
        this.maxHeapShare = maxHeapShare;
        this.liveHeap = liveHeap;
    }

    /**
     * The connection budget a heap allows: what is left after {@code reserveBytes} for everything else, at
     * {@code bytesPerConnection} each (docs/performance.md: about 78 KB of heap per idle connection), at least 100.
     */
    public static int budgetFor(long maxHeapBytes, long reserveBytes, long bytesPerConnection) {
        long budget = (maxHeapBytes - reserveBytes) / bytesPerConnection;
        return (int) Math.max(100, Math.min(Integer.MAX_VALUE, budget));
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

    public Verdict verdict() {
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
