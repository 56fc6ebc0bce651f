package io.pigeonim.message.uplink;

import java.time.Clock;
import java.util.List;
import java.util.function.BiFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.BatchMessageListener;
import org.springframework.util.backoff.BackOff;
import org.springframework.util.backoff.FixedBackOff;

/**
 * Consumes the retry topic: each parked record, once due, is stored and pushed like an uplink record; one that fails
 * deterministically again is parked again at the tail with a doubled pause; a transient failure is retried in place.
 *
 * <p>A record stored from here gets its seq when it finally succeeds, after the messages of its conversation stored
 * meanwhile: every member sees it at that later place (one order for all), under its own msgId (ADR 0019).
 *
 * @implNote Records are taken in the topic's order: a record not due yet holds back those behind it in its partition
 *     (at most the max interval), so that the consumer waits, polling, instead of reading ahead. Parking a failing
 *     record again at the tail, rather than retrying it in place, keeps one record that never succeeds from holding
 *     back every record parked after it. The offsets of the records before a waiting or transiently failing one are
 *     committed ({@link BatchListenerFailedException}).
 */
public final class RetryTopicListener implements BatchMessageListener<byte[], byte[]> {

    /** The longest wait before a record not yet due is looked at again. */
    static final long MAX_WAIT_MS = 30_000;

    private final UplinkProcessor processor;
    private final RetryTopicPublisher retryTopic;
    private final Counter recovered;
    private final Counter failedAgain;
    private final Clock clock;

    public RetryTopicListener(UplinkProcessor processor, RetryTopicPublisher retryTopic, MeterRegistry meters,
            Clock clock) {
        this.processor = processor;
        this.retryTopic = retryTopic;
        this.recovered = Counter.builder("pigeon.message.retry.recovered")
                .description("Parked records stored and pushed from the retry topic at last").register(meters);
        this.failedAgain = Counter.builder("pigeon.message.retry.failed")
                .description("Tries of a parked record that failed again (parked again with a longer pause)")
                .register(meters);
        this.clock = clock;
    }

    /** A parked record is not due yet: look again after {@link #waitMillis}. */
    static final class NotDue extends RuntimeException {

        private final long waitMillis;

        NotDue(long waitMillis) {
            super("parked record due in " + waitMillis + " ms", null, false, false);
            this.waitMillis = waitMillis;
        }

        long waitMillis() {
            return waitMillis;
        }
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records) {
        for (int i = 0; i < records.size(); i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            long wait = RetryTopicPublisher.dueOf(record) - clock.millis();
            if (wait > 0) {
                throw new BatchListenerFailedException("parked record not due yet", new NotDue(wait), i);
            }
            try {
                processor.process(List.of(record), List.of());
                recovered.increment();
            } catch (RuntimeException e) {
                if (FailureClass.of(e) == FailureClass.TRANSIENT) {
                    throw new BatchListenerFailedException("parked record not stored, retrying", e, i);
                }
                parkAgain(record, e, i);
            }
        }
    }

    private void parkAgain(ConsumerRecord<byte[], byte[]> record, RuntimeException error, int index) {
        try {
            retryTopic.park(List.of(new RecordIsolation.Failed(record, error)));
        } catch (RuntimeException e) {
            throw new BatchListenerFailedException("parked record not parked again, retrying", e, index);
        }
        failedAgain.increment();
    }

    /**
     * The error handler's pause before the failed record is handed again: until it is due (at most
     * {@link #MAX_WAIT_MS}) when it was not due, {@code inPlace} after any other failure.
     */
    public static BiFunction<ConsumerRecord<?, ?>, Exception, BackOff> backOffs(BackOff inPlace) {
        return (record, exception) -> {
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof NotDue notDue) {
                    return new FixedBackOff(Math.min(notDue.waitMillis(), MAX_WAIT_MS), FixedBackOff.UNLIMITED_ATTEMPTS);
                }
            }
            return inPlace;
        };
    }
}
