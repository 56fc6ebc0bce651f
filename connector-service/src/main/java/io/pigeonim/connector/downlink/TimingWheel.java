package io.pigeonim.connector.downlink;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hashed timing wheel: one thread, {@code ticks} buckets of {@code tickMillis}, O(1) to schedule.
 * Expired tasks are handed to {@code executor} so a slow task never delays the wheel.
 *
 * @implNote Chosen over a {@code ScheduledExecutorService} task per message (a heap entry and a
 *     future each) and over a thread per connection; the precision of one tick is plenty for
 *     retransmissions counted in seconds.
 */
public final class TimingWheel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TimingWheel.class);

    private static final class Entry {
        final Runnable task;
        long rounds;

        Entry(Runnable task, long rounds) {
            this.task = task;
            this.rounds = rounds;
        }
    }

    private final List<List<Entry>> buckets;
    private final long tickMillis;
    private final Executor executor;
    private final LongSupplier clockMillis;
    private final long startMillis;
    private long tick;
    private Thread worker;
    private volatile boolean running;

    public TimingWheel(int ticks, long tickMillis, Executor executor, LongSupplier clockMillis) {
        if (ticks < 1 || tickMillis < 1) {
            throw new IllegalArgumentException("ticks: " + ticks + ", tickMillis: " + tickMillis + " (expected: >= 1)");
        }
        this.buckets = new ArrayList<>(ticks);
        for (int i = 0; i < ticks; i++) {
            buckets.add(new ArrayList<>());
        }
        this.tickMillis = tickMillis;
        this.executor = executor;
        this.clockMillis = clockMillis;
        this.startMillis = clockMillis.getAsLong();
    }

    /** Runs {@code task} once, about {@code delayMillis} from now (rounded up to the next tick). */
    public synchronized void schedule(Runnable task, long delayMillis) {
        long elapsedTicks = (clockMillis.getAsLong() - startMillis) / tickMillis;
        long due = Math.max(tick, elapsedTicks) + Math.max(1, (delayMillis + tickMillis - 1) / tickMillis);
        long ahead = due - tick;
        buckets.get((int) (due % buckets.size())).add(new Entry(task, (ahead - 1) / buckets.size()));
    }

    /** Advances the wheel to the current time and runs what expired; the worker calls this each tick. */
    public void advance() {
        long target = (clockMillis.getAsLong() - startMillis) / tickMillis;
        List<Runnable> expired = new ArrayList<>();
        synchronized (this) {
            while (tick < target) {
                tick++;
                List<Entry> bucket = buckets.get((int) (tick % buckets.size()));
                for (int i = bucket.size() - 1; i >= 0; i--) {
                    Entry e = bucket.get(i);
                    if (e.rounds == 0) {
                        expired.add(e.task);
                        bucket.remove(i);
                    } else {
                        e.rounds--;
                    }
                }
            }
        }
        for (Runnable task : expired) {
            try {
                executor.execute(task);
            } catch (RuntimeException e) {
                log.warn("timing wheel task rejected: {}", e.toString());
            }
        }
    }

    /** Pending tasks (tests). */
    synchronized int pending() {
        return buckets.stream().mapToInt(List::size).sum();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        worker = new Thread(this::loop, "timing-wheel");
        worker.setDaemon(true);
        worker.start();
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(tickMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            advance();
        }
    }

    @Override
    public void close() {
        running = false;
        Thread t = worker;
        if (t != null) {
            t.interrupt();
        }
    }
}
