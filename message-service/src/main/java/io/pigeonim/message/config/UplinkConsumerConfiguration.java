package io.pigeonim.message.config;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.store.MessageStore;
import io.pigeonim.message.uplink.RetryTopicPublisher;
import io.pigeonim.message.uplink.UplinkListener;
import io.pigeonim.message.uplink.UplinkProcessor;
import io.pigeonim.message.uplink.UplinkTraces;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.RetryListener;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The uplink consumer: a batch listener whose offsets are committed (asynchronously, unless
 * {@code pigeon.message.sync-offset-commits}) after each batch is stored and pushed, and whose failures retry the
 * whole batch in place, with capped exponential backoff.
 *
 * @implNote Nothing is ever skipped: every exception is retryable, and the recoverer (reached only if that
 *     ever changed) throws, which re-seeks the batch. Records that can never be processed do not throw: the
 *     listener dead-letters them itself. The bound on a deterministic failure is the listener's (it parks the
 *     records that fail on their own and returns, ADR 0019), not the error handler's: the handler cannot tell a
 *     dependency that is down from a bad record, and would give up on both.
 */
@Configuration(proxyBeanMethods = false)
class UplinkConsumerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UplinkConsumerConfiguration.class);

    @Bean
    UplinkProcessor uplinkProcessor(MessageStore store, PushPublisher pushes, KafkaTemplate<byte[], byte[]> kafka,
            MessageProperties properties, MeterRegistry meters, Clock clock) {
        return new UplinkProcessor(store, pushes, kafka, properties.deadLetterTopic(), meters, clock);
    }

    @Bean
    RetryTopicPublisher retryTopicPublisher(KafkaTemplate<byte[], byte[]> kafka, MessageProperties properties,
            Clock clock) {
        RetryTopicSettings retry = properties.retryTopic();
        return new RetryTopicPublisher(kafka, retry.name(), retry.initialInterval(), retry.maxInterval(), clock);
    }

    @Bean
    UplinkListener uplinkListener(UplinkProcessor processor, RetryTopicPublisher retryTopic,
            MessageProperties properties, MeterRegistry meters, Clock clock, Traces traces) {
        return new UplinkListener(processor, retryTopic, properties.retryTopic().attempts(), meters, clock,
                new UplinkTraces(traces));
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> uplinkContainer(ConsumerFactory<byte[], byte[]> consumers,
            UplinkListener listener, MessageProperties properties) {
        ContainerProperties container = new ContainerProperties(properties.uplinkTopic());
        container.setGroupId(properties.consumerGroup());
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        // committed after the batch is stored and pushed either way; asynchronously by default: a commit lost in a
        // crash or rebalance only redelivers stored records, which the store finds stored and pushes again
        container.setSyncCommits(properties.syncOffsetCommits());
        container.setMessageListener(listener);
        container.setConsumerRebalanceListener(new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                listener.revoked(partitions);
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                listener.revoked(partitions);
            }
        });
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(properties.maxPollRecords()));
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, String.valueOf(properties.sessionTimeout().toMillis()));
        // a third of the session, as Kafka advises: three heartbeats may be lost before the partitions move
        overrides.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                String.valueOf(Math.max(500, properties.sessionTimeout().toMillis() / 3)));
        if (!properties.instanceId().isBlank()) {
            // static membership (ADR 0018); the concurrent container adds "-<n>" for each of its consumers
            overrides.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId());
        }
        container.setKafkaConsumerProperties(overrides);
        ConcurrentMessageListenerContainer<byte[], byte[]> uplink = new ConcurrentMessageListenerContainer<>(consumers, container);
        uplink.setConcurrency(properties.consumerConcurrency());
        uplink.setCommonErrorHandler(retryForever(properties));
        return uplink;
    }

    /** The pause between tries of a failing batch: from the initial interval, doubling up to the max, never ending. */
    static ExponentialBackOff inPlace(MessageProperties properties) {
        ExponentialBackOff backOff = new ExponentialBackOff(properties.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(properties.retryMaxInterval().toMillis());
        backOff.setMaxElapsedTime(Long.MAX_VALUE);
        return backOff;
    }

    static DefaultErrorHandler retryForever(MessageProperties properties) {
        ExponentialBackOff backOff = inPlace(properties);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> {
            throw new IllegalStateException("uplink records are never skipped; retrying the batch", e);
        }, backOff);
        handler.setClassifications(Map.of(), true);
        handler.setRetryListeners(new RetryListener() {
            @Override
            public void failedDelivery(ConsumerRecord<?, ?> record, Exception ex, int deliveryAttempt) {
            }

            @Override
            public void failedDelivery(ConsumerRecords<?, ?> records, Exception ex, int deliveryAttempt) {
                // a dependency is down (or a batch fails until isolated): say so once, then every 50 attempts
                if (deliveryAttempt == 1 || deliveryAttempt % 50 == 0) {
                    // the listener's own exception wraps the one that says what failed
                    log.warn("uplink batch of {} records not stored (attempt {}), retrying: {}", records.count(),
                            deliveryAttempt, NestedExceptionUtils.getMostSpecificCause(ex).toString());
                }
            }
        });
        return handler;
    }

    /** The uplink, dead-letter and retry topics: created when missing, never modified (see {@link UplinkTopics}). */
    @Bean
    UplinkTopics uplinkTopics(KafkaAdmin kafkaAdmin, MessageProperties properties) {
        return new UplinkTopics(kafkaAdmin.getConfigurationProperties(), UplinkTopics.of(properties));
    }
}
