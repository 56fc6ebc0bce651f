package io.pigeonim.message.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;

import io.pigeonim.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class RetryTopicPublisherTest {

    private final RetryTopicPublisher publisher = new RetryTopicPublisher(null, "t.retry", Duration.ofMinutes(1),
            Duration.ofMinutes(15), Clock.systemUTC());

    @Test
    void thePauseDoublesWithEachParkingUpToTheMax() {
        assertThat(publisher.pauseBefore(1)).isEqualTo(Duration.ofMinutes(1).toMillis());
        assertThat(publisher.pauseBefore(2)).isEqualTo(Duration.ofMinutes(2).toMillis());
        assertThat(publisher.pauseBefore(4)).isEqualTo(Duration.ofMinutes(8).toMillis());
        assertThat(publisher.pauseBefore(5)).isEqualTo(Duration.ofMinutes(15).toMillis());
        assertThat(publisher.pauseBefore(1_000_000)).isEqualTo(Duration.ofMinutes(15).toMillis());
    }

    @Test
    void anUplinkRecordWasNeverParkedAndIsDueAtOnce() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 0, new byte[0], new byte[0]);
        assertThat(RetryTopicPublisher.attemptOf(record)).isZero();
        assertThat(RetryTopicPublisher.dueOf(record)).isZero();
        record.headers().add(Topics.RETRY_ATTEMPT_HEADER, "3".getBytes(StandardCharsets.US_ASCII));
        record.headers().add(Topics.RETRY_DUE_HEADER, "1234".getBytes(StandardCharsets.US_ASCII));
        assertThat(RetryTopicPublisher.attemptOf(record)).isEqualTo(3);
        assertThat(RetryTopicPublisher.dueOf(record)).isEqualTo(1234L);
    }

    @Test
    void aHeaderThatIsNotANumberCountsAsAbsent() {
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("t", 0, 0, new byte[0], new byte[0]);
        record.headers().add(Topics.RETRY_DUE_HEADER, new byte[] {0, 0, 1});
        assertThat(RetryTopicPublisher.dueOf(record)).isZero();
    }
}
