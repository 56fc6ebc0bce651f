package io.pigeonim.bench.load;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Fires shots at a fixed rate whatever the system answers: shot {@code i} is meant for {@code start + i / rate},
 * and a late shot keeps its intended time, so a stall shows in the latencies of everything it delayed instead of
 * silently slowing the load (no coordinated omission). Shots before {@code warmup} are marked unmeasured.
 */
public final class OpenLoop {

    /** One shot; {@code intendedNanos} on the {@link System#nanoTime} scale. */
    public interface Shot {
        void fire(long index, long intendedNanos, boolean measured);
    }

    /** Told when the measured window opens and closes (for resource accounting). */
    public interface Window {
        void begin();

        void end();
    }

    /**
     * What one run of the loop did.
     *
     * @param maxLateNanos the worst delay of a shot past its intended time: the bench's own lag
     */
    public record Schedule(long startNanos, long measureStartNanos, long measureEndNanos, long shots,
            long measuredShots, long maxLateNanos) {

        public double measuredSeconds() {
            return (measureEndNanos - measureStartNanos) / 1e9;
        }
    }

    private OpenLoop() {
    }

    public static Schedule run(double rate, Duration warmup, Duration measured, Shot shot, Window window) {
        Pace pace = new Pace(rate);
        long warmupShots = Math.round(rate * warmup.toNanos() / 1e9);
        long total = warmupShots + Math.max(1, Math.round(rate * measured.toNanos() / 1e9));
        long start = System.nanoTime() + 20_000_000L;
        long maxLate = 0;
        for (long i = 0; i < total; i++) {
            long intended = start + pace.next();
            long now = waitUntil(intended);
            maxLate = Math.max(maxLate, now - intended);
            if (i == warmupShots) {
                window.begin();
            }
            shot.fire(i, intended, i >= warmupShots);
        }
        long measureStart = start + Pace.offset(warmupShots, rate);
        long measureEnd = start + Pace.offset(total, rate);
        waitUntil(measureEnd);
        window.end();
        return new Schedule(start, measureStart, measureEnd, total, total - warmupShots, maxLate);
    }

    private static long waitUntil(long nanos) {
        long now = System.nanoTime();
        while (now < nanos) {
            LockSupport.parkNanos(nanos - now);
            now = System.nanoTime();
        }
        return now;
    }
}
