package io.pigeonim.bench.baseline;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.bench.load.OpenLoop;
import io.pigeonim.bench.stats.LatencyRecorder;

/** Drives one baseline through the same open loop as the end-to-end steps and waits for its stragglers. */
public final class BaselineRunner {

    /** Completions and failures of one run. */
    static final class Counts {
        final AtomicLong completed = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        volatile String firstFailure;

        void failed(Throwable why) {
            if (failed.getAndIncrement() == 0) {
                firstFailure = String.valueOf(why);
            }
        }
    }

    private BaselineRunner() {
    }

    public static BaselineResult run(Baseline baseline, double rate, Duration warmup, Duration measured,
            Duration drain) throws InterruptedException {
        LatencyRecorder latencies = new LatencyRecorder();
        Counts counts = new Counts();
        OpenLoop.Schedule schedule = OpenLoop.run(rate, warmup, measured,
                (index, intended, timed) -> baseline.fire(index, new Done(intended, timed, latencies, counts)),
                new OpenLoop.Window() {
                    @Override
                    public void begin() {
                    }

                    @Override
                    public void end() {
                    }
                });
        long deadline = System.nanoTime() + drain.toNanos();
        while (counts.completed.get() + counts.failed.get() < schedule.shots() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return new BaselineResult(baseline.name(), baseline.operation(), rate, schedule.shots(),
                counts.completed.get(), counts.failed.get(), counts.firstFailure, latencies.percentiles());
    }
}
