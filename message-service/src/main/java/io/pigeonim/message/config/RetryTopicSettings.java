package io.pigeonim.message.config;

import java.time.Duration;

import io.pigeonim.common.kafka.Topics;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The bound on a deterministically failing uplink batch, prefix {@code pigeon.message.retry-topic} (ADR 0019).
 *
 * @param attempts failures of one batch while its dependencies answer before the records that fail on their own are
 *     isolated and parked on the retry topic (at the uplink's retry intervals, 0.2 s doubling: 5 tries take about 3 s)
 * @param name the retry topic; blank (the default): the uplink topic's name + {@code .retry}
 * @param consumerGroup the consumer group that reads it; blank (the default): the uplink's group + {@code .retry}
 * @param initialInterval pause before a parked record is tried again the first time
 * @param maxInterval the longest pause: each failure of a parked record doubles its pause up to this
 * @param backlogRefresh how often the number of records waiting there is asked of Kafka (the gauge
 *     {@code pigeon.message.retry.waiting})
 */
public record RetryTopicSettings(
        @DefaultValue("5") @Min(1) @Max(1000) int attempts,
        @DefaultValue("") String name,
        @DefaultValue("") String consumerGroup,
        @DefaultValue("1m") @NotNull Duration initialInterval,
        @DefaultValue("15m") @NotNull Duration maxInterval,
        @DefaultValue("30s") @NotNull Duration backlogRefresh) {

    /** These settings with the blank names derived from the uplink's. */
    RetryTopicSettings resolved(String uplinkTopic, String uplinkGroup) {
        return new RetryTopicSettings(attempts, blank(name) ? uplinkTopic + Topics.RETRY_SUFFIX : name,
                blank(consumerGroup) ? uplinkGroup + Topics.RETRY_SUFFIX : consumerGroup, initialInterval, maxInterval,
                backlogRefresh);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
