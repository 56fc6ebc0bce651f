package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.testsupport.PrivateKafka;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * The broker dies (SIGKILL) while message-service is consuming a stream and comes back: every message
 * produced is stored exactly once, each conversation's seqs in the order its messages were produced.
 * The kill lands between a batch's seq allocation and its store, so that batch's offsets are committed
 * after the kill: the commit waits out the outage (what we observe: no record consumed twice), or it fails
 * and the batch comes again and is deduplicated. The printed duplicates count says which.
 */
class BrokerOutageIT {

    private static final int MESSAGES = 2000;
    private static final int CONVERSATIONS = 4;
    private static final Duration OUTAGE = Duration.ofSeconds(3);
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String TOPIC = "it-outage-" + UUID.randomUUID();
    private static final String GROUP = "it-outage-" + UUID.randomUUID();

    private static PrivateKafka kafka;
    private static StandInSeqService seq;
    private static TestDatabase db;
    private static JdbcTemplate jdbc;
    private static ConfigurableApplicationContext app;

    @BeforeAll
    static void start() throws Exception {
        // the service declares its topics (KafkaAdmin, 8 partitions): none created here
        kafka = PrivateKafka.start();
        seq = new StandInSeqService();
        db = TestInfra.freshDatabase("outage");
        jdbc = new JdbcTemplate(new DriverManagerDataSource(db.jdbcUrl(), db.username(), db.password()));
        app = MessageServiceInstance.start(db, kafka.bootstrapServers(), TOPIC, GROUP, seq.url(),
                "--logging.level.org.apache.kafka=ERROR");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (seq != null) {
            seq.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyProducedMessageIsStoredOnceInProducedOrderAfterTheBrokerIsKilledMidStream() throws Exception {
        String alice = "alice-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> conversations = new ArrayList<>();
        for (int c = 0; c < CONVERSATIONS; c++) {
            conversations.add("p:" + alice + ":bob" + c + "-" + UUID.randomUUID().toString().substring(0, 8));
        }
        Map<String, List<UplinkMessage>> produced = new ConcurrentHashMap<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            // the stream: one message a millisecond or so, round-robin over the conversations
            Thread stream = new Thread(() -> {
                for (int i = 0; i < MESSAGES; i++) {
                    String conversation = conversations.get(i % CONVERSATIONS);
                    UplinkMessage message = new UplinkMessage(MessageIds.of(alice, "m" + i), conversation, alice, "d1",
                            "m" + i, "text", "message " + i, System.currentTimeMillis());
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, conversation.getBytes(StandardCharsets.UTF_8),
                            UplinkMessageCodec.encode(message))));
                    produced.computeIfAbsent(conversation, k -> new ArrayList<>()).add(message);
                    pause(Duration.ofMillis(1));
                }
            }, "uplink-stream");
            stream.start();

            // killed with the consumer mid-stream: some messages stored, more coming, and one batch between
            // its seq allocation and its store (its offsets are committed, if at all, after the kill)
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> stored() >= MESSAGES / 5);
            CountDownLatch killed = new CountDownLatch(1);
            seq.beforeNextAllocation(() -> {
                kafka.kill();
                killed.countDown();
            });
            assertThat(killed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            int storedAtKill = stored();
            pause(OUTAGE);
            kafka.restart();

            stream.join(WAIT.toMillis());
            assertThat(stream.isAlive()).isFalse();
            for (Future<RecordMetadata> ack : acks) {
                ack.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            assertThat(storedAtKill).as("stored when the broker was killed").isLessThan(MESSAGES);
            await().atMost(WAIT).until(() -> stored() == MESSAGES);
            await().atMost(WAIT).until(() -> committed() == MESSAGES);

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            System.out.printf("message-service BrokerOutageIT: %d produced, %d stored when killed; counters: "
                    + "stored %.0f, duplicates (consumed again) %.0f%n", MESSAGES, storedAtKill,
                    meters.counter("pigeon.message.stored").count(), meters.counter("pigeon.message.duplicates").count());
            assertThat(meters.counter("pigeon.message.stored").count()).isEqualTo(MESSAGES);
        }
        for (String conversation : conversations) {
            StoredConversation.assertStoredOnceInSendOrder(jdbc, conversation, produced.get(conversation));
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // an outage of seconds: records wait in the producer (and send() waits for metadata) until it ends
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Messages of this test stored so far (every row of the fresh database is ours). */
    private static int stored() {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM message", Integer.class);
        return count == null ? 0 : count;
    }

    private static long committed() throws Exception {
        try (Admin admin = kafka.admin()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
