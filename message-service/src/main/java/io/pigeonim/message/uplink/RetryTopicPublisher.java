package io.pigeonim.message.uplink;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Parks well-formed uplink records that fail on their own on the retry topic, with the attempt and the time it is
 * due again in headers: 1 the first time, due after the initial interval; each failure after that doubles the
 * pause, up to the max interval (ADR 0019).
 */
public final class RetryTopicPublisher {

    /** A reason header longer than this is cut: SQL errors repeat the whole statement. */
    private static final int MAX_REASON = 1000;

    private final SetAsidePublisher topic;
    private final Duration initialInterval;
    private final Duration maxInterval;
    private final Clock clock;

    public RetryTopicPublisher(KafkaOperations<byte[], byte[]> kafka, String topic, Duration initialInterval,
            Duration maxInterval, Clock clock) {
        this.topic = new SetAsidePublisher(kafka, topic, Topics.RETRY_REASON_HEADER);
        this.initialInterval = initialInterval;
        this.maxInterval = maxInterval;
        this.clock = clock;
    }

    /** Publishes each record with its next attempt number, and waits until the broker has them all. */
    void park(List<RecordIsolation.Failed> failed) {
        long now = clock.millis();
        List<SetAsidePublisher.SetAside> parked = new ArrayList<>(failed.size());
        for (RecordIsolation.Failed f : failed) {
            int attempt = attemptOf(f.record()) + 1;
            parked.add(new SetAsidePublisher.SetAside(f.record(), reason(f.error()),
                    text(Topics.RETRY_ATTEMPT_HEADER, attempt), text(Topics.RETRY_DUE_HEADER, now + pauseBefore(attempt))));
        }
        topic.publish(parked);
    }

    /** The pause before the try of a record parked for the {@code attempt}-th time, in milliseconds. */
    long pauseBefore(int attempt) {
        long pause = initialInterval.toMillis();
        for (int i = 1; i < attempt && pause < maxInterval.toMillis(); i++) {
            pause *= 2;
        }
        return Math.min(pause, maxInterval.toMillis());
    }

    /** How many times {@code record} was parked: 0 for an uplink record. */
    static int attemptOf(ConsumerRecord<byte[], byte[]> record) {
        return (int) Math.min(Integer.MAX_VALUE, number(record, Topics.RETRY_ATTEMPT_HEADER));
    }

    /** When a parked record may be tried again (epoch milliseconds); 0 (at once) when it has no such header. */
    static long dueOf(ConsumerRecord<byte[], byte[]> record) {
        return number(record, Topics.RETRY_DUE_HEADER);
    }

    /** Decimal text, so that Kafka's console consumer shows it as it is (docs/operations.md). */
    private static Header text(String name, long value) {
        return new RecordHeader(name, Long.toString(value).getBytes(StandardCharsets.US_ASCII));
    }

    /** The header's number; 0 when it is missing or not a number (a record an operator wrote by hand). */
    private static long number(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(new String(header.value(), StandardCharsets.US_ASCII).strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String reason(RuntimeException error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = root == error ? error.toString() : error.getClass().getName() + ": " + root;
        return reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    }
}
