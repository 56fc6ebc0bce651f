package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * With tracing on, an uplink record that carries its send's trace context ({@code traceparent}, as the connector's
 * KafkaTemplate writes it) is processed in a span of that same trace, child of the send's span, with the events
 * {@code stored} and {@code pushed}; the span reaches an OTLP/HTTP collector (here a stand-in that keeps the bodies).
 */
class TracingIT {

    @Test
    void aRecordIsStoredAndPushedInTheTraceOfItsSend() throws Exception {
        List<byte[]> exports = new CopyOnWriteArrayList<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            exports.add(exchange.getRequestBody().readAllBytes());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        String topic = "it-tracing-" + UUID.randomUUID();
        TestDatabase db = TestInfra.freshDatabase("tracing");
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String sendSpanId = "00f067aa0ba902b7";
        try (StandInSeqService seq = new StandInSeqService();
                ConfigurableApplicationContext service = MessageServiceInstance.start(db,
                        TestInfra.kafkaBootstrapServers(), topic, "it-tracing-" + UUID.randomUUID(), seq.url(),
                        "--management.tracing.export.enabled=true",
                        "--management.tracing.sampling.probability=1.0",
                        "--management.opentelemetry.tracing.export.schedule-delay=100ms",
                        "--management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:"
                                + collector.getAddress().getPort() + "/v1/traces");
                KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()),
                        new ByteArraySerializer(), new ByteArraySerializer())) {
            String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
            String conversation = "p:" + alice + ":zed";
            UplinkMessage message = new UplinkMessage(MessageIds.of(alice, "t1"), conversation, alice, "d1", "t1",
                    "text", "traced", System.currentTimeMillis());
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                    conversation.getBytes(StandardCharsets.UTF_8), UplinkMessageCodec.encode(message));
            record.headers().add("traceparent", ("00-" + traceId + "-" + sendSpanId + "-01")
                    .getBytes(StandardCharsets.US_ASCII));
            producer.send(record).get(10, TimeUnit.SECONDS);

            byte[] trace = HexFormat.of().parseHex(traceId);
            byte[] parent = HexFormat.of().parseHex(sendSpanId);
            await().atMost(Duration.ofSeconds(30)).until(() -> exports.stream().anyMatch(body ->
                    contains(body, trace) && contains(body, parent)
                            && contains(body, (topic + " process").getBytes(StandardCharsets.UTF_8))));
            byte[] export = exports.stream().filter(body -> contains(body, trace)).findFirst().orElseThrow();
            assertThat(contains(export, "stored".getBytes(StandardCharsets.UTF_8))).isTrue();
            assertThat(contains(export, "pushed".getBytes(StandardCharsets.UTF_8))).isTrue();
        } finally {
            collector.stop(0);
        }
    }

    /** Whether {@code body} (an OTLP protobuf export) holds {@code part} verbatim: ids are raw bytes there. */
    private static boolean contains(byte[] body, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= body.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (body[i + j] != part[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
