package io.pigeonim.message.uplink;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The uplink batches that are failing now, one per stalled consumer thread: since when, and how many of their
 * failures were deterministic. Decides when a batch's failing records are to be isolated.
 *
 * @implNote Keyed by the batch's first record (topic, partition, offset): the error handler hands the same batch
 *     again, and after a rebalance or a restart it starts at the same record. An entry whose batch has not been tried
 *     for {@link #FORGOTTEN_AFTER_MS} went elsewhere and is forgotten (a backstop: a revoked partition's entries are
 *     dropped at once, {@link #revoked}). Touched only when a batch
 *     fails, and on the success of a batch only while some batch is failing: nothing on the hot path.
 */
final class StalledBatches {

    /**
     * Longer than any pause between two tries of a failing batch: the retry max interval (10 s) plus one try that
     * waits out MySQL's socket timeout (30 s).
     */
    static final long FORGOTTEN_AFTER_MS = 90_000;

    private final Map<Key, Stall> stalls = new ConcurrentHashMap<>();
    private final int attempts;
    private final Clock clock;

    /** @param attempts deterministic failures of a batch before its failing records are isolated */
    StalledBatches(int attempts, Clock clock) {
        this.attempts = attempts;
        this.clock = clock;
    }

    private record Key(String topic, int partition, long offset) {
        static Key of(List<ConsumerRecord<byte[], byte[]>> records) {
            ConsumerRecord<byte[], byte[]> first = records.get(0);
            return new Key(first.topic(), first.partition(), first.offset());
        }
    }

    private static final class Stall {
        final long since;
        volatile long lastFailure;
        int deterministic;
        int threshold;

        Stall(long now, int threshold) {
            this.since = now;
            this.lastFailure = now;
            this.threshold = threshold;
        }
    }

    /** Whether any batch is failing now. */
    boolean any() {
        return !stalls.isEmpty();
    }

    /**
     * Records a failure of {@code records}.
     *
     * @return true when the batch has now failed deterministically often enough: isolate its failing records
     */
    boolean failed(List<ConsumerRecord<byte[], byte[]>> records, FailureClass failure) {
        long now = clock.millis();
        Stall stall = stalls.computeIfAbsent(Key.of(records), k -> new Stall(now, attempts));
        stall.lastFailure = now;
        if (failure == FailureClass.TRANSIENT) {
            return false;
        }
        stall.deterministic++;
        return stall.deterministic >= stall.threshold;
    }

    /**
     * Every record of the batch failed on its own: the cause is not in a record (a schema or configuration error
     * that every store hits). The batch stays where it is; it is isolated again only after twice as many failures.
     */
    void systemic(List<ConsumerRecord<byte[], byte[]>> records) {
        Stall stall = stalls.get(Key.of(records));
        if (stall != null) {
            stall.deterministic = 0;
            stall.threshold = (int) Math.min(Integer.MAX_VALUE / 2, 2L * stall.threshold);
        }
    }

    /** The batch is done (stored, or isolated and its failing records parked). */
    void done(List<ConsumerRecord<byte[], byte[]>> records) {
        stalls.remove(Key.of(records));
    }

    /** The partitions went to another consumer: their batches are its business now. */
    void revoked(Collection<TopicPartition> partitions) {
        stalls.keySet().removeIf(key -> partitions.contains(new TopicPartition(key.topic(), key.partition())));
    }

    /** How long the oldest batch failing now has been failing, in milliseconds (0 when none is). */
    long stalledMillis() {
        if (stalls.isEmpty()) {
            return 0;
        }
        long now = clock.millis();
        stalls.values().removeIf(stall -> now - stall.lastFailure > FORGOTTEN_AFTER_MS);
        return stalls.values().stream().mapToLong(stall -> now - stall.since).max().orElse(0);
    }
}
