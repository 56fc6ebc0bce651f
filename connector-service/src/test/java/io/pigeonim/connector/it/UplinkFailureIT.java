package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;

/**
 * A publish that fails after the send was accepted: the send is never acknowledged, the device gets
 * {@code error} UNAVAILABLE for it and the connection closes with 1013.
 *
 * <p>The failure is real and deterministic: the uplink topic takes records of at most 64 bytes, so
 * the producer accepts the record and the broker refuses it (MESSAGE_TOO_LARGE).
 * ({@code min.insync.replicas} above the replication factor would not do: Kafka 4 caps it.)
 */
class UplinkFailureIT {

    private static final String TOPIC = "it.failure." + UUID.randomUUID();
    private static ConnectorInstance connector;

    @BeforeAll
    static void start() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1)
                    .configs(Map.of("max.message.bytes", "64")))).all().get();
        }
        connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), TOPIC,
                "--spring.kafka.producer.properties.request.timeout.ms=1000",
                "--spring.kafka.producer.properties.delivery.timeout.ms=3000",
                "--spring.kafka.producer.properties.linger.ms=0");
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
    }

    @Test
    void aPublishThatFailsAfterAcceptanceIsNeverAcknowledgedAndClosesWith1013() {
        String alice = ConnectorItSupport.uid("alice");
        String conversation = ConversationId.direct(alice, ConnectorItSupport.uid("bob")).value();
        try (TestSocket device = TestSocket.toConnector(connector.port(), alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "never durable: the topic refuses records this big");

            ServerFrame.Error error = (ServerFrame.Error) device.next(Duration.ofSeconds(20));
            assertThat(error.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(error.clientId()).isEqualTo(1L);
            assertThat(error.clientMsgId()).isEqualTo("m-1");
            assertThat(device.awaitClose().code()).isEqualTo(1013);
        }
    }
}
