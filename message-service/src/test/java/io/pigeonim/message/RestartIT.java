package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Offsets are committed only once a batch is stored: a message-service stopped while it cannot store leaves
 * its records to the next instance of the group, which stores each of them once and re-stores nothing.
 */
class RestartIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static StandInSeqService seq;
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static KafkaProducer<byte[], byte[]> producer;
    private static Admin admin;
    private static final String TOPIC = "it-restart-" + UUID.randomUUID();
    private static final String GROUP = "it-restart-" + UUID.randomUUID();

    @BeforeAll
    static void start() throws Exception {
        seq = new StandInSeqService();
        db = TestInfra.freshDatabase("restart");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers()));
    }

    @AfterAll
    static void stop() {
        producer.close();
        admin.close();
        seq.close();
    }

    @Test
    void aRestartResumesFromTheLastStoredBatchWithoutLossOrRepeat() throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        String bob = "bob-" + UUID.randomUUID().toString().substring(0, 8);
        String conversation = "p:" + alice + ":" + bob;
        List<UplinkMessage> sent = new ArrayList<>();

        // seq-service shares the database with its own tables and Flyway history: ours must still apply V1
        jdbc.execute("CREATE TABLE flyway_seq_history (installed_rank INT PRIMARY KEY)");
        jdbc.execute("CREATE TABLE seq_block (conversation_id VARCHAR(140) PRIMARY KEY)");

        try (ConfigurableApplicationContext first = messageService()) {
            sent.addAll(produce(alice, conversation, "a", 10));
            await().atMost(WAIT).until(() -> storedIds(conversation).size() == 10);
            await().atMost(WAIT).until(() -> committed() == 10);

            seq.down(true);
            sent.addAll(produce(alice, conversation, "b", 10));
            int failures = seq.failuresServed();
            await().atMost(WAIT).until(() -> seq.failuresServed() >= failures + 3);
            assertThat(storedIds(conversation)).hasSize(10);
            assertThat(committed()).isEqualTo(10);
        }
        assertThat(committed()).as("offsets of the unstored batch stay uncommitted").isEqualTo(10);
        seq.down(false);

        try (ConfigurableApplicationContext second = messageService()) {
            await().atMost(WAIT).until(() -> storedIds(conversation).size() == 20);
            await().atMost(WAIT).until(() -> committed() == 20);
            MeterRegistry meters = second.getBean(MeterRegistry.class);
            assertThat(meters.counter("pigeon.message.stored").count()).isEqualTo(10);
            assertThat(meters.counter("pigeon.message.duplicates").count()).as("nothing re-processed").isZero();
        }
        StoredConversation.assertStoredOnceInSendOrder(jdbc, conversation, sent);
    }

    private static ConfigurableApplicationContext messageService() {
        return MessageServiceInstance.start(db, TestInfra.kafkaBootstrapServers(), TOPIC, GROUP, seq.url());
    }

    private static List<UplinkMessage> produce(String sender, String conversation, String prefix, int count)
            throws Exception {
        List<UplinkMessage> messages = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            UplinkMessage message = new UplinkMessage(MessageIds.of(sender, prefix + i), conversation, sender, "d1",
                    prefix + i, "text", prefix + i, System.currentTimeMillis());
            producer.send(new ProducerRecord<>(TOPIC, conversation.getBytes(StandardCharsets.UTF_8),
                    UplinkMessageCodec.encode(message))).get(10, TimeUnit.SECONDS);
            messages.add(message);
        }
        return messages;
    }

    private static List<String> storedIds(String conversation) {
        return jdbc.queryForList("SELECT msg_id FROM message WHERE conversation_id = ? ORDER BY seq", String.class,
                conversation);
    }

    private static long committed() throws Exception {
        Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
    }
}
