package io.pigeonim.bench.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Accounts the CPU time and peak RSS of the watched processes between {@link #begin()} and {@link #end()}: CPU
 * from utime + stime at both ends, RSS sampled every 250 ms in between. A process that exits counts up to its last
 * sample.
 */
public final class ResourceMeter implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 250;

    private final List<WatchedProcess> watched;
    private final long clockTicks;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "resource-sampler");
        t.setDaemon(true);
        return t;
    });
    private long[] ticksAtStart;
    private long[] lastTicks;
    private long[] maxRss;
    private long startNanos;
    private ScheduledFuture<?> sampling;
    private volatile ResourceUsage last;

    /** @param stack the stack's processes; the bench process is added as the last one */
    public ResourceMeter(List<WatchedProcess> stack, long clockTicks) {
        List<WatchedProcess> all = new ArrayList<>(stack);
        all.add(new WatchedProcess("bench", ProcessHandle.current().pid()));
        this.watched = List.copyOf(all);
        this.clockTicks = clockTicks;
    }

    /** Clock ticks per second of /proc's CPU fields, from {@code getconf CLK_TCK} (100 where it cannot say). */
    public static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return p.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }

    public synchronized void begin() {
        int n = watched.size();
        ticksAtStart = new long[n];
        lastTicks = new long[n];
        maxRss = new long[n];
        for (int i = 0; i < n; i++) {
            ticksAtStart[i] = ProcStat.cpuTicks(watched.get(i).pid());
            lastTicks[i] = ticksAtStart[i];
        }
        startNanos = System.nanoTime();
        sample();
        sampling = sampler.scheduleAtFixedRate(this::sample, SAMPLE_MILLIS, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    }

    public synchronized void end() {
        sampling.cancel(false);
        sample();
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        List<ProcessUsage> stack = new ArrayList<>();
        double cpu = 0;
        long rss = 0;
        for (int i = 0; i < watched.size() - 1; i++) {
            ProcessUsage u = usage(i);
            stack.add(u);
            cpu += u.cpuSeconds();
            rss += u.maxRssBytes();
        }
        last = new ResourceUsage(seconds, stack, new ProcessUsage("total", 0, cpu, rss), usage(watched.size() - 1));
    }

    /** The usage of the last window that ended, or null. */
    public ResourceUsage last() {
        return last;
    }

    private ProcessUsage usage(int i) {
        WatchedProcess p = watched.get(i);
        double cpu = ticksAtStart[i] < 0 ? 0 : (lastTicks[i] - ticksAtStart[i]) / (double) clockTicks;
        return new ProcessUsage(p.name(), p.pid(), cpu, maxRss[i]);
    }

    private synchronized void sample() {
        for (int i = 0; i < watched.size(); i++) {
            long pid = watched.get(i).pid();
            long ticks = ProcStat.cpuTicks(pid);
            if (ticks >= 0) {
                lastTicks[i] = ticks;
            }
            maxRss[i] = Math.max(maxRss[i], ProcStat.rssBytes(pid));
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
