package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Issue 13, the stall after a crash: message-service killed with SIGKILL and started again under the same
 * {@code instance-id} takes its partitions back at once (Kafka static membership, ADR 0018), not when its dead
 * predecessor's session expires. The session is 60 s here, so a dynamic member would stall for most of a minute.
 */
class StaticMembershipIT {

    private static final Duration SESSION = Duration.ofSeconds(60);
    private static final String TOPIC = "it-static-" + UUID.randomUUID();
    private static final String GROUP = "it-static-" + UUID.randomUUID();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static StandInSeqService seq;
    private static TestDatabase db;
    private static JdbcTemplate jdbc;

    @BeforeAll
    static void start() throws Exception {
        seq = new StandInSeqService();
        db = TestInfra.freshDatabase("static");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
    }

    @AfterAll
    static void stop() {
        if (seq != null) {
            seq.close();
        }
    }

    @Test
    void aKilledInstanceRestartedUnderItsNameConsumesAgainWithinSecondsNotAfterItsSession() throws Exception {
        String instance = "it-message-" + UUID.randomUUID().toString().substring(0, 8);
        int managementPort = TestInfra.freePort();
        Process first = startProcess(instance, managementPort);
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            awaitReady(managementPort);
            String before = produce(producer, "before");
            await().atMost(Duration.ofSeconds(60)).until(() -> stored(before));

            first.destroyForcibly().waitFor();
            Process second = startProcess(instance, managementPort);
            try {
                awaitReady(managementPort);
                long ready = System.nanoTime();
                String after = produce(producer, "after");
                await().atMost(Duration.ofSeconds(20)).until(() -> stored(after));
                double stall = (System.nanoTime() - ready) / 1e9;
                System.out.printf("message-service StaticMembershipIT: stored %.1f s after the restarted instance was "
                        + "ready (session %s)%n", stall, SESSION);
                assertThat(stall).as("seconds from ready to stored, against a %s session", SESSION).isLessThan(15);
            } finally {
                second.destroyForcibly().waitFor();
            }
        } finally {
            first.destroyForcibly().waitFor();
        }
    }

    private static String produce(KafkaProducer<byte[], byte[]> producer, String clientMsgId) throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = ConversationId.direct(alice, "bob-" + UUID.randomUUID().toString().substring(0, 8)).value();
        UplinkMessage message = new UplinkMessage(MessageIds.of(alice, clientMsgId), conversation, alice, "d1",
                clientMsgId, "text", "hello", System.currentTimeMillis());
        producer.send(new ProducerRecord<>(TOPIC, conversation.getBytes(StandardCharsets.UTF_8),
                UplinkMessageCodec.encode(message))).get(30, TimeUnit.SECONDS);
        return message.msgId();
    }

    private static boolean stored(String msgId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM message WHERE msg_id = ?", Integer.class, msgId);
        return n != null && n == 1;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Process startProcess(String instance, int managementPort) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dpigeon.development-mode=true", "-jar", bootJar().toString(), "--server.port=0", "--management.server.port=" + managementPort,
                "--pigeon.message.instance-id=" + instance, "--pigeon.message.session-timeout=" + SESSION.toSeconds() + "s",
                "--logging.level.org.apache.kafka=WARN"));
        command.addAll(MessageServiceInstance.arguments(db, TestInfra.kafkaBootstrapServers(), TOPIC, GROUP, seq.url()));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "static-membership-it.log").toFile()))
                .start();
    }

    private static Path bootJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("message-service-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no message-service jar in target/ (run mvn verify)"));
        }
    }

    private static void awaitReady(int managementPort) {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> {
            try {
                return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort
                        + "/actuator/health/readiness")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
    }
}
