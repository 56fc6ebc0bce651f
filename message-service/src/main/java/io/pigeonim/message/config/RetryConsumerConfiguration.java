package io.pigeonim.message.config;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.message.uplink.RetryBacklog;
import io.pigeonim.message.uplink.RetryTopicListener;
import io.pigeonim.message.uplink.RetryTopicPublisher;
import io.pigeonim.message.uplink.UplinkProcessor;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultErrorHandler;

/**
 * The retry topic's consumer: one thread in a group of its own, reading the records the uplink listener parked
 * (ADR 0019), and the gauge of how many wait there.
 *
 * @implNote Its own group, so that its rebalances (and its waits for a record to be due) never touch the uplink's. A
 *     failed record is handed again by the error handler after the pause {@link RetryTopicListener#backOffs} gives:
 *     until due, or the uplink's in-place pauses after a transient failure; the records before it are committed.
 *     Nothing is ever skipped: the recoverer throws.
 */
@Configuration(proxyBeanMethods = false)
class RetryConsumerConfiguration {

    /** Parked records are few: a small batch keeps a wait for one short for those behind it. */
    private static final int MAX_POLL_RECORDS = 50;

    @Bean
    RetryTopicListener retryTopicListener(UplinkProcessor processor, RetryTopicPublisher retryTopic,
            MeterRegistry meters, Clock clock) {
        return new RetryTopicListener(processor, retryTopic, meters, clock);
    }

    @Bean
    ConcurrentMessageListenerContainer<byte[], byte[]> retryContainer(ConsumerFactory<byte[], byte[]> consumers,
            RetryTopicListener listener, MessageProperties properties) {
        RetryTopicSettings retry = properties.retryTopic();
        ContainerProperties container = new ContainerProperties(retry.name());
        container.setGroupId(retry.consumerGroup());
        container.setAckMode(ContainerProperties.AckMode.BATCH);
        container.setMessageListener(listener);
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, String.valueOf(MAX_POLL_RECORDS));
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        container.setKafkaConsumerProperties(overrides);
        ConcurrentMessageListenerContainer<byte[], byte[]> consumer = new ConcurrentMessageListenerContainer<>(consumers,
                container);
        consumer.setConcurrency(1);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, e) -> {
            throw new IllegalStateException("parked records are never skipped; retrying", e);
        }, UplinkConsumerConfiguration.inPlace(properties));
        handler.setBackOffFunction(RetryTopicListener.backOffs(UplinkConsumerConfiguration.inPlace(properties)));
        handler.setClassifications(Map.of(), true);
        // a record not due yet "fails" at every look: not worth a log line (the metrics and alerts say what matters)
        handler.setLogLevel(KafkaException.Level.DEBUG);
        consumer.setCommonErrorHandler(handler);
        return consumer;
    }

    @Bean
    RetryBacklog retryBacklog(KafkaAdmin kafkaAdmin, MessageProperties properties, MeterRegistry meters) {
        RetryTopicSettings retry = properties.retryTopic();
        return new RetryBacklog(kafkaAdmin.getConfigurationProperties(), retry.name(), retry.consumerGroup(),
                retry.backlogRefresh(), meters);
    }
}
