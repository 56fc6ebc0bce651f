package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 13, topics safe by construction: message-service creates its topics when they are missing and never adds
 * partitions to one that exists (that would remap conversations and break their order).
 */
class TopicSafetyIT {

    @Test
    void anExistingUplinkTopicKeepsItsPartitionsAndAMissingOneIsCreated() throws Exception {
        String topic = "it-topics-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            TestDatabase db = TestInfra.freshDatabase("topics");
            try (StandInSeqService seq = new StandInSeqService();
                    ConfigurableApplicationContext app = MessageServiceInstance.start(db,
                            TestInfra.kafkaBootstrapServers(), topic, "it-topics-" + UUID.randomUUID(), seq.url(),
                            "--pigeon.message.topic-partitions=8")) {
                assertThat(app.isRunning()).isTrue();
                assertThat(partitions(admin, topic)).as("the existing uplink topic, configured 8").isEqualTo(3);
                assertThat(partitions(admin, topic + ".retry")).as("the missing retry topic, configured 8").isEqualTo(8);
                // records set aside carry no order: one partition, whatever the uplink's count
                assertThat(partitions(admin, topic + ".dlt")).as("the missing dead-letter topic").isEqualTo(1);
            }
        }
    }

    private static int partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                .size();
    }
}
