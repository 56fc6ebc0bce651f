package io.pigeonim.connector.bench;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Creates a benchmark's topics before anything writes to them, as deployments do (left to auto-creation, the first
 * idempotent writes can race the partitions' creation), with the local topics' shape: 8 partitions, replication 1.
 */
final class BenchTopics {

    static final int PARTITIONS = 8;

    private BenchTopics() {
    }

    static void create(String bootstrap, String... topics) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(topics).stream().map(t -> new NewTopic(t, PARTITIONS, (short) 1)).toList())
                    .all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!allLed(admin.describeTopics(List.of(topics)).allTopicNames().get().values())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics without leaders after 30 s: " + List.of(topics));
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }

    private static boolean allLed(java.util.Collection<TopicDescription> topics) {
        return topics.stream().allMatch(t -> t.partitions().stream().allMatch(p -> p.leader() != null));
    }
}
