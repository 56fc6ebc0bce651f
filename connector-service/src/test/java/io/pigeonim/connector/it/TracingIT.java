package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
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
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.testsupport.OtlpCollector.ExportedSpan;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.OtlpCollector;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestTrust;

/**
 * With tracing on (TRACING_ENABLED=true), a {@code send} frame starts a trace ({@code ws send}) whose producer span
 * writes its context into the uplink record's W3C {@code traceparent} header, which message-service continues
 * (message-service TracingIT); a push request in that trace (message-service's client span, played here over real
 * HTTP) is served in it, down to the frame write ({@code ws push}). With tracing off, no header.
 */
class TracingIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int SERVER = 2;
    private static final int PRODUCER = 4;

    @Test
    void anUplinkRecordCarriesItsSendsTraceContextOnlyWhenTracingIsOn() throws Exception {
        assertThat(traceparentOfOneSend(true)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
        assertThat(traceparentOfOneSend(false)).isNull();
    }

    @Test
    void oneTraceRunsFromTheSendFrameThroughTheRecordToThePushedFrameWrite() throws Exception {
        String topic = topic();
        String alice = ConnectorItSupport.uid("alice");
        String bob = ConnectorItSupport.uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        String pushSpan = "a1b2c3d4e5f60718";
        String traceparent;
        try (OtlpCollector collector = new OtlpCollector()) {
            try (ConnectorInstance connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), topic,
                    tracing(true, "--management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint()));
                    TestSocket sender = TestSocket.toConnector(connector.port(), alice, "d1");
                    TestSocket receiver = TestSocket.toConnector(connector.port(), bob, "d1")) {
                sender.sendMessage(1, "m-1", conversation, "traced");
                ServerFrame.SendAck ack = (ServerFrame.SendAck) sender.next(Duration.ofSeconds(20));
                traceparent = traceparentOfTheRecord(topic);
                String traceId = traceparent.substring(3, 35);

                // message-service's part: it stores the record and pushes the message in the record's trace
                ServerFrame.MessageFrame stored = new StoredMessage(ack.msgId(), conversation, 1, alice,
                        "m-1", "text", "traced", System.currentTimeMillis()).frame();
                String body = PigeonJson.mapper().writeValueAsString(new PushRequest(List.of(
                        new PushRequest.Push(List.of(bob), stored))));
                HttpResponse<String> pushed = HTTP.send(TestTrust.internalPost(URI.create("http://localhost:"
                                + connector.port() + "/internal/v1/push"), body)
                        .header("traceparent", "00-" + traceId + "-" + pushSpan + "-01").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(pushed.statusCode()).isEqualTo(200);
                assertThat(receiver.next()).isEqualTo(stored);

                await().atMost(Duration.ofSeconds(20)).until(() -> collector.trace(traceId).stream()
                        .map(ExportedSpan::name).toList().containsAll(List.of("ws send", "ws push")));
            }
            String traceId = traceparent.substring(3, 35);
            List<ExportedSpan> trace = collector.trace(traceId);
            assertThat(trace).extracting(ExportedSpan::service).containsOnly("connector-service");
            ExportedSpan send = only(trace, s -> s.name().equals("ws send"));
            assertThat(send.parentSpanId()).as("a send starts its trace").isEmpty();
            ExportedSpan produced = only(trace, s -> s.kind() == PRODUCER);
            assertThat(produced.parentSpanId()).isEqualTo(send.spanId());
            assertThat(traceparent).isEqualTo("00-" + traceId + "-" + produced.spanId() + "-01");
            ExportedSpan served = only(trace, s -> s.kind() == SERVER && s.parentSpanId().equals(pushSpan));
            assertThat(served.name()).contains("/internal/v1/push");
            assertThat(only(trace, s -> s.name().equals("ws push")).parentSpanId()).isEqualTo(served.spanId());
        }
    }

    private static String traceparentOfOneSend(boolean tracing) throws Exception {
        String topic = topic();
        String alice = ConnectorItSupport.uid("alice");
        String conversation = ConversationId.direct(alice, ConnectorItSupport.uid("bob")).value();
        try (ConnectorInstance connector = ConnectorInstance.start(TestInfra.kafkaBootstrapServers(), topic,
                // nothing listens there: the export fails quietly, the propagation is what is checked here
                tracing(tracing, "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                        + TestInfra.freePort() + "/v1/traces"));
                TestSocket device = TestSocket.toConnector(connector.port(), alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "traced");
            assertThat(device.next(Duration.ofSeconds(20))).isInstanceOf(ServerFrame.SendAck.class);
        }
        return traceparentOfTheRecord(topic);
    }

    /** The settings of TRACING_ENABLED, every trace sampled, spans exported within 100 ms. */
    private static String[] tracing(boolean on, String endpoint) {
        List<String> args = new ArrayList<>(List.of("--management.tracing.export.enabled=" + on,
                "--spring.kafka.template.observation-enabled=" + on,
                "--management.tracing.sampling.probability=1.0",
                "--management.opentelemetry.tracing.export.schedule-delay=100ms", endpoint));
        return args.toArray(String[]::new);
    }

    private static String topic() throws Exception {
        String topic = "it.tracing." + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    /** The {@code traceparent} header of the first record on {@code topic}, or null when it has none. */
    private static String traceparentOfTheRecord(String topic) {
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

    private static ExportedSpan only(List<ExportedSpan> spans, java.util.function.Predicate<ExportedSpan> which) {
        List<ExportedSpan> matching = spans.stream().filter(which).toList();
        assertThat(matching).as("in %s", spans).hasSize(1);
        return matching.get(0);
    }
}
