package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.TestInfra;

/**
 * With tracing on (TRACING_ENABLED=true), every uplink record carries the trace context of its send in a W3C
 * {@code traceparent} header, which message-service continues (message-service TracingIT); with it off, none.
 */
class TracingIT {

    @Test
    void anUplinkRecordCarriesItsSendsTraceContextOnlyWhenTracingIsOn() throws Exception {
        assertThat(traceparentOfOneSend(true)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(traceparentOfOneSend(false)).isNull();
    }

    private static String traceparentOfOneSend(boolean tracing) throws Exception {
        String topic = "it.tracing." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        String alice = ConnectorItSupport.uid("alice");
        String conversation = ConversationId.direct(alice, ConnectorItSupport.uid("bob")).value();
        try (ConnectorInstance connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), topic,
                "--management.tracing.export.enabled=" + tracing,
                "--spring.kafka.template.observation-enabled=" + tracing,
                "--management.tracing.sampling.probability=1.0",
                // nothing listens there: the export fails quietly, the propagation is what is checked here
                "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:" + TestInfra.freePort()
                        + "/v1/traces");
                WsClient device = WsClient.connect(connector.port(), alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "traced");
            assertThat(device.next(Duration.ofSeconds(20))).isInstanceOf(ServerFrame.SendAck.class);
        }
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    Header header = record.headers().lastHeader("traceparent");
                    return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
                }
            }
        }
        throw new AssertionError("no record on " + topic);
    }
}
