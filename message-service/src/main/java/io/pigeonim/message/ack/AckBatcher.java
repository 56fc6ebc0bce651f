package io.pigeonim.message.ack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Gathers acknowledgements for one flush window and records them together (PROTOCOL.md: {@code ack_ok} only once
 * durable, so each request's future completes only after the flush that holds it has committed).
 *
 * <p>A busy group acked by every member device: N messages in a window cost one multi-row upsert with one row per
 * member device, not N statements per device.
 *
 * @implNote One flusher thread, so flushes never overlap in this process and cursors of one device are written in
 *     order. At most one flush starts per {@code flushWindow}: a request arriving when the last flush is older than
 *     that is flushed at once (an idle service adds no latency), later ones wait for the window's end and go
 *     together. Rejected: a fixed window after the first request (a lone ack always waits the whole window), a
 *     scheduled flush every window whatever the traffic (wakes an idle service), and a flush per N requests (a
 *     quiet device would wait without bound). Callers whose client waits on the answer (a sync page) may ask for
 *     {@link #recordNow} instead.
 */
@Component
final class AckBatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);
    /** Requests per flush at most; the rest wait for the next window. */
    private static final int MAX_REQUESTS_PER_FLUSH = 5000;

    private final AckRecorder recorder;
    private final Duration window;
    private final MeterRegistry meters;
    private final Timer windowRecorded;
    private final Timer windowRefused;
    private final Timer nowRecorded;
    private final Timer nowRefused;
    private final LinkedBlockingQueue<PendingAcks> queue = new LinkedBlockingQueue<>();
    private final Thread flusher;
    private volatile boolean running = true;

    AckBatcher(AckRecorder recorder, AckBatchSettings settings, MeterRegistry meters) {
        this.recorder = recorder;
        this.window = settings.flushWindow();
        this.meters = meters;
        this.windowRecorded = flushed(meters, "window", "success");
        this.windowRefused = flushed(meters, "window", "failure");
        this.nowRecorded = flushed(meters, "now", "success");
        this.nowRefused = flushed(meters, "now", "failure");
        if (window.isZero()) {
            this.flusher = null;
            log.info("acknowledgements recorded one request at a time (flush window 0)");
        } else {
            this.flusher = new Thread(this::run, "ack-flusher");
            this.flusher.setDaemon(true);
            this.flusher.start();
            log.info("acknowledgements batched in flush windows of {} ms", window.toMillis());
        }
    }

    /** Records {@code acks} at once, in a transaction of their own, bypassing the window. */
    CompletableFuture<RecordedAcks> recordNow(String uid, String deviceId, Map<String, Long> acks) {
        PendingAcks pending = timed(PendingAcks.of(uid, deviceId, acks), nowRecorded, nowRefused);
        recorder.record(List.of(pending));
        return pending.result();
    }

    /** Queues {@code acks} (well-formed) of one device; the future completes once they are durable, or refused. */
    CompletableFuture<RecordedAcks> submit(String uid, String deviceId, Map<String, Long> acks) {
        PendingAcks pending = timed(PendingAcks.of(uid, deviceId, acks), windowRecorded, windowRefused);
        if (flusher == null || !running) {
            recorder.record(List.of(pending));
        } else {
            queue.add(pending);
        }
        return pending.result();
    }

    private static Timer flushed(MeterRegistry meters, String flush, String outcome) {
        return Timer.builder("pigeon.message.acks.flushed")
                .description("One acknowledgement request, from its arrival until its cursors are durable (or refused)")
                .tag("flush", flush).tag("outcome", outcome).register(meters);
    }

    /** Times {@code pending} from now until its future completes: recorded (durable), or refused or failed. */
    private PendingAcks timed(PendingAcks pending, Timer recorded, Timer refused) {
        Timer.Sample submitted = Timer.start(meters);
        pending.result().whenComplete((acks, error) -> submitted.stop(error == null ? recorded : refused));
        return pending;
    }

    private void run() {
        long lastFlush = System.nanoTime() - window.toNanos();
        while (running) {
            try {
                PendingAcks first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                long wait = lastFlush + window.toNanos() - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                List<PendingAcks> batch = new ArrayList<>();
                batch.add(first);
                queue.drainTo(batch, MAX_REQUESTS_PER_FLUSH - 1);
                lastFlush = System.nanoTime();
                recorder.record(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("ack flush failed unexpectedly", e);
            }
        }
    }

    /** Stops after the current window and records what is still queued. */
    @Override
    public void destroy() throws InterruptedException {
        running = false;
        if (flusher != null) {
            flusher.join(window.toMillis() + 10_000);
        }
        List<PendingAcks> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            recorder.record(rest);
        }
    }
}
