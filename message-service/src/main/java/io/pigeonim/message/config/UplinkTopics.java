package io.pigeonim.message.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Creates the uplink topics when they do not exist, and never changes one that does.
 *
 * @implNote Not Spring Kafka's {@code NewTopic} beans: its {@code KafkaAdmin} adds partitions to an existing topic
 *     that has fewer than a {@code NewTopic} asks for, and adding partitions to the uplink remaps conversations to
 *     other partitions, so two messages of one conversation could then be consumed out of order (issue 13). A
 *     partition count that differs from the configuration is logged (at INFO: the count is for creation only) and
 *     left as it is: changing it is an operator's migration (docs/operations.md). Runs when the singletons are ready, before the listener container
 *     starts consuming.
 */
final class UplinkTopics implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(UplinkTopics.class);

    private final Map<String, Object> adminConfig;
    private final List<NewTopic> topics;

    UplinkTopics(Map<String, Object> adminConfig, List<NewTopic> topics) {
        this.adminConfig = adminConfig;
        this.topics = List.copyOf(topics);
    }

    @Override
    public void afterSingletonsInstantiated() {
        try (Admin admin = Admin.create(adminConfig)) {
            for (NewTopic topic : topics) {
                ensure(admin, topic);
            }
        }
    }

    private static void ensure(Admin admin, NewTopic topic) {
        try {
            TopicDescription existing = describe(admin, topic.name());
            if (existing == null) {
                try {
                    admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
                    log.info("created topic {} with {} partitions", topic.name(), topic.numPartitions());
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    // another instance created it meanwhile
                    existing = describe(admin, topic.name());
                }
            }
            int partitions = existing == null ? topic.numPartitions() : existing.partitions().size();
            if (partitions != topic.numPartitions()) {
                // not an error: the configured count is for creation only (Strimzi or the local runner may have
                // created the topic with its own), and this service never changes an existing topic
                log.info("topic {} has {} partitions (configured {} for creation only): left as it is. Adding "
                        + "partitions remaps conversations and breaks their order; change it only by a migration "
                        + "(docs/operations.md)", topic.name(), partitions, topic.numPartitions());
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot check or create topic " + topic.name(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topic " + topic.name(), e);
        }
    }

    /** The topic's description, or null when it does not exist. */
    private static TopicDescription describe(Admin admin, String name)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            return admin.describeTopics(List.of(name)).allTopicNames().get(30, TimeUnit.SECONDS).get(name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
    }

    static List<NewTopic> of(MessageProperties properties) {
        List<NewTopic> topics = new ArrayList<>();
        short replication = (short) properties.topicReplication();
        for (String name : List.of(properties.uplinkTopic(), properties.retryTopic().name())) {
            topics.add(new NewTopic(name, properties.topicPartitions(), replication));
        }
        // records set aside carry no order to keep: one partition, as the local runner and k8s/ create it
        topics.add(new NewTopic(properties.deadLetterTopic(), 1, replication));
        return topics;
    }
}
