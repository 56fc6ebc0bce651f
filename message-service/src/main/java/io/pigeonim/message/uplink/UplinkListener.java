package io.pigeonim.message.uplink;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Handles one polled batch of the uplink topic (decode, set poison records aside, store, push: {@link UplinkProcessor}).
 * The container commits the batch's offsets only when this returns; an exception has the whole batch retried in place.
 *
 * <p>A batch that keeps failing while its dependencies answer (a deterministic error, {@link FailureClass}) is
 * retried in place only a bounded number of times: then the records that fail on their own are isolated
 * ({@link RecordIsolation}), everything else is stored and pushed, and only those are parked on the retry topic,
 * which {@link RetryTopicListener} consumes (ADR 0019). A dependency that is down is waited for, however long.
 *
 * @implNote The success path is the one it always was plus one emptiness check of the stall table: all the failure
 *     handling runs only once a batch failed.
 */
public final class UplinkListener implements BatchMessageListener<byte[], byte[]> {

    private final UplinkProcessor processor;
    private final StalledBatches stalls;
    private final RecordIsolation isolation;
    private final RetryTopicPublisher retryTopic;
    private final Counter parked;
    private final Timer batches;
    private final Timer received;
    private final Clock clock;
    private final UplinkTraces traces;

    /** @param attempts deterministic failures of one batch before its failing records are isolated and parked */
    public UplinkListener(UplinkProcessor processor, RetryTopicPublisher retryTopic, int attempts, MeterRegistry meters,
            Clock clock, UplinkTraces traces) {
        this.processor = processor;
        this.stalls = new StalledBatches(attempts, clock);
        this.isolation = new RecordIsolation(processor);
        this.retryTopic = retryTopic;
        this.traces = traces;
        this.parked = Counter.builder("pigeon.message.retry.parked")
                .description("Uplink records that failed on their own, again and again, moved to the retry topic")
                .register(meters);
        TimeGauge.builder("pigeon.message.uplink.stalled", stalls, TimeUnit.MILLISECONDS, StalledBatches::stalledMillis)
                .description("How long the oldest uplink batch failing now has been failing (0: none is)")
                .register(meters);
        this.batches = Timer.builder("pigeon.message.batches.processed")
                .description("Time to store and push one uplink batch").register(meters);
        this.received = Timer.builder("pigeon.message.records.received")
                .description("Time from an uplink record's timestamp (its producer's send) to this listener")
                .register(meters);
        this.clock = clock;
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records) {
        long now = clock.millis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            // a negative wait (clocks of two machines) is not a wait: counted as 0
            received.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
        }
        List<Span> spans = traces.received(records, records.isEmpty() ? "" : records.get(0).topic());
        try (Tracer.SpanInScope scope = traces.scope(spans)) {
            try {
                batches.record(() -> processor.process(records, spans));
            } catch (RuntimeException e) {
                failed(records, e);
            }
            if (stalls.any()) {
                stalls.done(records);
            }
        } catch (RuntimeException | Error e) {
            UplinkTraces.end(spans, e);
            throw e;
        }
        UplinkTraces.end(spans, null);
    }

    /** The consumer lost these partitions (a rebalance): the stalls of their batches are no longer this one's. */
    public void revoked(Collection<TopicPartition> partitions) {
        stalls.revoked(partitions);
    }

    /** Returns when the batch is done after all (its failing records parked); throws to have it retried in place. */
    private void failed(List<ConsumerRecord<byte[], byte[]>> records, RuntimeException error) {
        if (records.isEmpty() || !stalls.failed(records, FailureClass.of(error))) {
            throw error;
        }
        List<RecordIsolation.Failed> failing = isolation.isolate(records, error);
        if (failing.size() == records.size() && records.size() > 1) {
            // not one record stored: the cause is not in the records, so nothing is parked (that would reorder all)
            stalls.systemic(records);
            throw error;
        }
        retryTopic.park(failing);
        parked.increment(failing.size());
    }
}
