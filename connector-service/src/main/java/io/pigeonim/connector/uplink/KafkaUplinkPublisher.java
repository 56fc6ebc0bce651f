package io.pigeonim.connector.uplink;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;

/**
 * {@link UplinkPublisher} on Kafka: value = {@link UplinkMessageCodec} bytes, key = conversationId,
 * producer configured acks=all and idempotent (application.yml).
 *
 * @implNote Availability is inferred from outcomes: after a failure with no success since, sends
 *     are refused for {@code coolDown} and then one is let through as a probe. Asking the broker
 *     (metadata) per send was rejected as a blocking round trip on the socket thread.
 * @implNote A send not acknowledged within {@code publishTimeout} fails here (the client gets UNAVAILABLE
 *     and resends on a new connection), but its record stays in the producer, whose delivery timeout is
 *     unbounded: it reaches the topic when the broker returns, before anything produced after it. Were the
 *     producer to drop it instead, a later send of the same conversation could be stored first and the
 *     resend after it, out of order.
 */
public final class KafkaUplinkPublisher implements UplinkPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaUplinkPublisher.class);

    private final KafkaTemplate<String, byte[]> kafka;
    private final String topic;
    private final Clock clock;
    private final long coolDownMillis;
    private final Duration publishTimeout;
    private final AtomicLong lastFailure = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong lastSuccess = new AtomicLong(Long.MIN_VALUE);

    public KafkaUplinkPublisher(KafkaTemplate<String, byte[]> kafka, String topic, Clock clock, Duration coolDown,
            Duration publishTimeout) {
        this.kafka = kafka;
        this.topic = topic;
        this.clock = clock;
        this.coolDownMillis = coolDown.toMillis();
        this.publishTimeout = publishTimeout;
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
            failed(e);
            throw new UplinkUnavailableException("uplink: " + e.getMessage(), e);
        }
        if (sent.isCompletedExceptionally()) {
            // refused inside send() (e.g. no metadata within max.block.ms): the record never left
            failed(sent.handle((r, e) -> e).join());
            throw new UplinkUnavailableException("uplink: the broker is unreachable", null);
        }
        return sent.<Object>thenApply(result -> result)
                .orTimeout(publishTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((result, failure) -> {
                    if (failure != null) {
                        Throwable cause = Failures.unwrap(failure);
                        if (cause instanceof TimeoutException) {
                            cause = new TimeoutException("not acknowledged by the broker within " + publishTimeout
                                    + " (the record stays in the producer)");
                        }
                        failed(cause);
                        throw new UplinkUnavailableException("uplink: " + cause.getMessage(), cause);
                    }
                    if (lastFailure.get() > lastSuccess.getAndSet(clock.millis())) {
                        log.info("uplink to Kafka topic {} works again", topic);
                    }
                    return null;
                });
    }

    private void failed(Throwable cause) {
        long previous = lastFailure.getAndSet(clock.millis());
        if (previous <= lastSuccess.get()) {
            // logged once per outage, not per message
            log.warn("uplink to Kafka topic {} failed, refusing sends for a while: {}", topic, rootOf(cause));
        }
    }

    private static String rootOf(Throwable cause) {
        Throwable root = cause;
        while (root != null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root);
    }

    /** One attempt to fetch the topic's partitions (the producer keeps them); false when it failed. */
    public boolean warmUp() {
        try {
            return !kafka.partitionsFor(topic).isEmpty();
        } catch (RuntimeException e) {
            log.debug("uplink warm-up: {}", rootOf(e));
            return false;
        }
    }

    @Override
    public void flush() {
        kafka.flush();
    }
}
