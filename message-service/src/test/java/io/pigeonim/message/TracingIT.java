package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.testsupport.OtlpCollector;
import io.pigeonim.testsupport.OtlpCollector.ExportedSpan;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * With tracing on, an uplink record that carries its send's trace context ({@code traceparent}, as the connector's
 * KafkaTemplate writes it) is processed in a span of that same trace, child of the send's span, with the events
 * {@code stored} and {@code pushed}; the calls it makes over real HTTP, to seq-service and to the receiver's
 * connector, are client spans of that trace whose context the callee receives. Spans reach an OTLP/HTTP collector
 * (a stand-in that decodes them). With tracing off, nothing is passed on.
 */
class TracingIT {

    private static final String SEND_SPAN = "00f067aa0ba902b7";

    @Test
    void aRecordIsStoredAndPushedInTheTraceOfItsSendAndTheCalleesContinueIt() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        try (OtlpCollector collector = new OtlpCollector();
                StandInSeqService seq = new StandInSeqService();
                StandInConnector connector = new StandInConnector()) {
            String topic = "it-tracing-" + UUID.randomUUID();
            try (ConfigurableApplicationContext service = start(topic, seq, "--management.tracing.export.enabled=true",
                    "--management.tracing.sampling.probability=1.0",
                    "--management.opentelemetry.tracing.export.schedule-delay=100ms",
                    "--management.opentelemetry.tracing.export.otlp.endpoint=" + collector.endpoint())) {
                String conversation = sendOne(service, topic, connector, "00-" + traceId + "-" + SEND_SPAN + "-01");

                await().atMost(Duration.ofSeconds(30)).until(() -> !connector.pushesFor(conversation).isEmpty());
                await().atMost(Duration.ofSeconds(30)).until(() -> names(collector.trace(traceId))
                        .containsAll(List.of(topic + " process", "POST /internal/v1/seqs", "POST /internal/v1/push")));
            }
            List<ExportedSpan> trace = collector.trace(traceId);
            ExportedSpan process = only(trace, topic + " process");
            assertThat(process.service()).isEqualTo("message-service");
            assertThat(process.parentSpanId()).isEqualTo(SEND_SPAN);
            assertThat(process.events()).containsSubsequence("stored", "pushed");
            ExportedSpan seqCall = only(trace, "POST /internal/v1/seqs");
            ExportedSpan pushCall = only(trace, "POST /internal/v1/push");
            assertThat(List.of(seqCall.parentSpanId(), pushCall.parentSpanId())).containsOnly(process.spanId());
            // what the callees received: the trace, with the client span as parent
            assertThat(seq.traceparents()).contains("00-" + traceId + "-" + seqCall.spanId() + "-01");
            assertThat(connector.traceparents()).contains("00-" + traceId + "-" + pushCall.spanId() + "-01");
        }
    }

    @Test
    void withTracingOffNoContextIsPassedOn() throws Exception {
        try (StandInSeqService seq = new StandInSeqService(); StandInConnector connector = new StandInConnector()) {
            String topic = "it-tracing-off-" + UUID.randomUUID();
            try (ConfigurableApplicationContext service = start(topic, seq)) {
                String traceId = UUID.randomUUID().toString().replace("-", "");
                String conversation = sendOne(service, topic, connector, "00-" + traceId + "-" + SEND_SPAN + "-01");
                await().atMost(Duration.ofSeconds(30)).until(() -> !connector.pushesFor(conversation).isEmpty());
            }
            assertThat(seq.traceparents()).isNotEmpty().containsOnly("");
            assertThat(connector.traceparents()).isNotEmpty().containsOnly("");
        }
    }

    private static ConfigurableApplicationContext start(String topic, StandInSeqService seq, String... more) {
        TestDatabase db = TestInfra.freshDatabase("tracing");
        return MessageServiceInstance.start(db, TestInfra.kafkaBootstrapServers(), topic, topic, seq.url(), more);
    }

    /** Puts the receiver online at {@code connector}, produces a message with {@code traceparent}: its conversation. */
    private static String sendOne(ConfigurableApplicationContext service, String topic, StandInConnector connector,
            String traceparent) throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String zed = "zed-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = "p:" + alice + ":" + zed;
        StringRedisTemplate redis = service.getBean(StringRedisTemplate.class);
        redis.opsForHash().put("pigeon:route:{" + zed + "}", "d1", connector.id());
        redis.expire("pigeon:route:{" + zed + "}", Duration.ofMinutes(10));
        redis.opsForValue().set("pigeon:connector:" + connector.id(), connector.url(), Duration.ofMinutes(10));
        UplinkMessage message = new UplinkMessage(MessageIds.of(alice, "t1"), conversation, alice, "d1", "t1",
                "text", "traced", System.currentTimeMillis());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                conversation.getBytes(StandardCharsets.UTF_8), UplinkMessageCodec.encode(message));
        record.headers().add("traceparent", traceparent.getBytes(StandardCharsets.US_ASCII));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(record).get(10, TimeUnit.SECONDS);
        }
        return conversation;
    }

    private static List<String> names(List<ExportedSpan> spans) {
        return spans.stream().map(ExportedSpan::name).toList();
    }

    private static ExportedSpan only(List<ExportedSpan> spans, String name) {
        List<ExportedSpan> named = spans.stream().filter(s -> s.name().equals(name)).toList();
        assertThat(named).as("spans named %s in %s", name, spans).hasSize(1);
        return named.get(0);
    }
}
