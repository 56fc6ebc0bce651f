package io.pigeonim.message.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.pigeonim.testsupport.TestClock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StalledBatchesTest {

    private final TestClock clock = new TestClock(Instant.parse("2026-12-01T12:00:00Z"));
    private final StalledBatches stalls = new StalledBatches(3, clock);
    private final List<ConsumerRecord<byte[], byte[]>> batch = List.of(record(7, 100), record(7, 101));

    @Test
    void onlyDeterministicFailuresCountTowardsIsolation() {
        for (int i = 0; i < 10; i++) {
            assertThat(stalls.failed(batch, FailureClass.TRANSIENT)).isFalse();
        }
        assertThat(stalls.failed(batch, FailureClass.DETERMINISTIC)).isFalse();
        assertThat(stalls.failed(batch, FailureClass.DETERMINISTIC)).isFalse();
        assertThat(stalls.failed(batch, FailureClass.DETERMINISTIC)).isTrue();
    }

    @Test
    void aSystemicFailureIsIsolatedAgainOnlyAfterTwiceAsManyFailures() {
        for (int i = 0; i < 3; i++) {
            stalls.failed(batch, FailureClass.DETERMINISTIC);
        }
        stalls.systemic(batch);
        for (int i = 0; i < 5; i++) {
            assertThat(stalls.failed(batch, FailureClass.DETERMINISTIC)).isFalse();
        }
        assertThat(stalls.failed(batch, FailureClass.DETERMINISTIC)).isTrue();
    }

    @Test
    void theStallLastsFromTheFirstFailureUntilTheBatchIsDoneOrItsPartitionRevoked() {
        assertThat(stalls.stalledMillis()).isZero();
        stalls.failed(batch, FailureClass.TRANSIENT);
        clock.advance(Duration.ofSeconds(4));
        stalls.failed(batch, FailureClass.TRANSIENT);
        clock.advance(Duration.ofSeconds(1));
        assertThat(stalls.stalledMillis()).isEqualTo(5_000);
        stalls.done(batch);
        assertThat(stalls.any()).isFalse();
        assertThat(stalls.stalledMillis()).isZero();

        stalls.failed(batch, FailureClass.TRANSIENT);
        stalls.revoked(List.of(new TopicPartition("uplink", 7)));
        assertThat(stalls.stalledMillis()).isZero();
    }

    @Test
    void aBatchNotTriedForLongWentElsewhereAndIsForgotten() {
        stalls.failed(batch, FailureClass.TRANSIENT);
        clock.advance(Duration.ofMillis(StalledBatches.FORGOTTEN_AFTER_MS + 1));
        assertThat(stalls.stalledMillis()).isZero();
    }

    private static ConsumerRecord<byte[], byte[]> record(int partition, long offset) {
        return new ConsumerRecord<>("uplink", partition, offset, new byte[0], new byte[0]);
    }
}
