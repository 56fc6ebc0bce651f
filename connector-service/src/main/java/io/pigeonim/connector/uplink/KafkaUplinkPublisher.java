package io.pigeonim.connector.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.kafka.core.KafkaTemplate;

import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;

/**
 * {@link UplinkPublisher} on Kafka: value = {@link UplinkMessageCodec} bytes, key = conversationId,
 * producer configured acks=all and idempotent (application.yml).
 *
 * @implNote Availability is inferred from outcomes: after a failure with no success since, sends
 *     are refused for {@code coolDown} and then one is let through as a probe. Asking the broker
 *     (metadata) per send was rejected as a blocking round trip on the socket thread.
 */
public final class KafkaUplinkPublisher implements UplinkPublisher {

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final Clock clock;
    private final long coolDownMillis;
    private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastSuccess = new AtomicLong(Long.MIN_VALUE);

    public KafkaUplinkPublisher(KafkaTemplate<String, byte[]> kafka, String topic, Clock clock, Duration coolDown) {
        this.kafka = kafka;
        this.topic = topic;
        this.clock = clock;
        this.coolDownMillis = coolDown.toMillis();
    }

    @Override
    public boolean available() {
        long failure = lastFailure.get();
        return failure <= lastSuccess.get() || clock.millis() - failure >= coolDownMillis;
    }

    @Override
    public CompletableFuture<Void> publish(UplinkMessage message) {
        CompletableFuture<?> sent;
        try {
            sent = kafka.send(topic, message.conversationId(), UplinkMessageCodec.encode(message));
        } catch (RuntimeException e) {
            lastFailure.set(clock.millis());
            throw new UplinkUnavailableException("uplink: " + e.getMessage(), e);
        }
        if (sent.isCompletedExceptionally()) {
            // refused inside send() (e.g. no metadata within max.block.ms): the record never left
            lastFailure.set(clock.millis());
            throw new UplinkUnavailableException("uplink: the broker is unreachable", null);
        }
        return sent.handle((result, failure) -> {
            if (failure != null) {
                lastFailure.set(clock.millis());
                throw new UplinkUnavailableException("uplink: " + failure.getMessage(), failure);
            }
            lastSuccess.set(clock.millis());
            return null;
        });
    }

    @Override
    public void flush() {
        kafka.flush();
    }
}
