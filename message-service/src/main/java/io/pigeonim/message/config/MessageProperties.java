package io.pigeonim.message.config;

import java.time.Duration;

import io.pigeonim.common.kafka.Topics;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of message-service, prefix {@code pigeon.message}.
 *
 * @param uplinkTopic the topic consumed (connector → message-service)
 * @param deadLetterTopic where records that can never be processed go
 * @param consumerGroup the Kafka consumer group
 * @param consumerConcurrency consumer threads; each owns whole partitions, so one conversation stays on one thread
 * @param instanceId a stable name of this instance for Kafka's static group membership ({@code group.instance.id},
 *     each consumer thread adds {@code -n}): a restarted instance takes its partitions back at once instead of
 *     waiting for its dead predecessor's session to expire; blank (the default) for dynamic membership, where
 *     instances have no stable names (a Kubernetes Deployment) (ADR 0018)
 * @param sessionTimeout how long a consumer that stopped heartbeating keeps its partitions (Kafka's
 *     {@code session.timeout.ms}): the longest stall after a crash
 * @param maxPollRecords records per batch; at most 1000 since seq-service takes at most 1000 per call
 * @param topicPartitions partitions of the uplink and retry topics this service creates when they do not exist yet
 *     (the dead-letter topic gets one)
 * @param topicReplication replication factor of those topics
 * @param seqUrl base URL of seq-service
 * @param seqTimeout how long one seq allocation may take
 * @param pushTimeout how long a push to one connector instance may take
 * @param pushThreads threads that send pushes, each waiting for one connector's answer: the most push requests in
 *     flight at once
 * @param retryInitialInterval first pause before a failed batch is retried
 * @param retryMaxInterval longest pause between retries of a failed batch (a dependency that is down: retries never
 *     stop)
 * @param retryTopic what becomes of a batch that keeps failing while its dependencies answer (ADR 0019)
 * @param groupMaxMembers the most members a group may have, its owner included
 * @param groupMaxOwned the most groups one user may own (the quota of docs/security.md)
 * @param ackFlushWindow acknowledgements are gathered this long and recorded in one transaction; 0 = each at once
 * @param memberCacheMaxMembers the member cache holds at most this many members, summed over its groups (about
 *     70 bytes each: 500,000 is about 35 MB of heap, docs/performance.md)
 * @param memberCacheExpiry a group's cached member list is dropped when unused this long
 * @param memberSetTtl lifetime of the Redis mirror of a group's members (rebuilt on demand)
 * @param syncOffsetCommits whether the uplink consumer waits for each batch's offset commit before it polls again;
 *     off by default: a commit lost in a crash only redelivers a stored batch, which the store deduplicates
 *     (docs/performance.md: the synchronous commit was 11 % of a consumer thread's CPU and a round trip per batch)
 */
@Validated
@ConfigurationProperties("pigeon.message")
public record MessageProperties(
        @DefaultValue(Topics.UPLINK) @NotBlank String uplinkTopic,
        @DefaultValue(Topics.UPLINK_DEAD_LETTER) @NotBlank String deadLetterTopic,
        @DefaultValue("message-service") @NotBlank String consumerGroup,
        @DefaultValue("2") @Min(1) @Max(64) int consumerConcurrency,
        @DefaultValue("") String instanceId,
        @DefaultValue("10s") @NotNull Duration sessionTimeout,
        @DefaultValue("500") @Min(1) @Max(1000) int maxPollRecords,
        @DefaultValue("8") @Min(1) int topicPartitions,
        @DefaultValue("1") @Min(1) @Max(32767) int topicReplication,
        @DefaultValue("http://localhost:8084") @NotBlank String seqUrl,
        @DefaultValue("2s") @NotNull Duration seqTimeout,
        @DefaultValue("2s") @NotNull Duration pushTimeout,
        @DefaultValue("8") @Min(1) @Max(256) int pushThreads,
        @DefaultValue("200ms") @NotNull Duration retryInitialInterval,
        @DefaultValue("10s") @NotNull Duration retryMaxInterval,
        @DefaultValue @Valid @NotNull RetryTopicSettings retryTopic,
        @DefaultValue("2000") @Min(1) @Max(100_000) int groupMaxMembers,
        @DefaultValue("500") @Min(1) int groupMaxOwned,
        @DefaultValue("100ms") @NotNull Duration ackFlushWindow,
        @DefaultValue("500000") @Min(1) long memberCacheMaxMembers,
        @DefaultValue("10m") @NotNull Duration memberCacheExpiry,
        @DefaultValue("1h") @NotNull Duration memberSetTtl,
        @DefaultValue("false") boolean syncOffsetCommits) {

    public MessageProperties {
        if (retryTopic != null) {
            retryTopic = retryTopic.resolved(uplinkTopic, consumerGroup);
        }
    }
}
