package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.kafka.Topics;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.StandInSeqService;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One message-service on real Kafka, MySQL and Redis, shared by the ITs that extend this class: its own
 * database and topics; stand-ins (our own HTTP services) for seq-service and two connector instances.
 * Tests isolate themselves with unique uids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class AbstractMessageServiceIT {

    static final StandInSeqService SEQ;
    static final StandInConnector CONNECTOR_A;
    static final StandInConnector CONNECTOR_B;
    static final String TOPIC = "it-uplink-" + UUID.randomUUID();
    static final String DEAD_LETTER_TOPIC = TOPIC + ".dlt";
    static final String RETRY_TOPIC = TOPIC + Topics.RETRY_SUFFIX;
    /** Deterministic failures of a batch before its failing records are parked (few: tests see it within seconds). */
    static final int ATTEMPTS_BEFORE_PARKING = 3;
    /** The first pause of a parked record (ADR 0019: a minute by default), doubled up to {@link #PARKED_MAX_PAUSE}. */
    static final Duration PARKED_FIRST_PAUSE = Duration.ofSeconds(2);
    static final Duration PARKED_MAX_PAUSE = Duration.ofSeconds(4);
    /** The group size limit of the service under test (small, so that tests reach it). */
    static final int GROUP_LIMIT = 6;
    static final int OWNED_LIMIT = 10;
    /** Acknowledgements are gathered this long: long enough that a test's burst lands in one window. */
    static final String ACK_WINDOW = "300ms";
    static final Duration WAIT = Duration.ofSeconds(30);
    private static final KafkaProducer<byte[], byte[]> PRODUCER;

    static {
        try {
            SEQ = new StandInSeqService();
            CONNECTOR_A = new StandInConnector();
            CONNECTOR_B = new StandInConnector();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PRODUCER = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    StringRedisTemplate redis;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestInfra.registerAll(registry, "message");
        registry.add("pigeon.message.uplink-topic", () -> TOPIC);
        registry.add("pigeon.message.dead-letter-topic", () -> DEAD_LETTER_TOPIC);
        registry.add("pigeon.message.consumer-group", () -> "it-message-" + UUID.randomUUID());
        registry.add("pigeon.message.seq-url", SEQ::url);
        registry.add("pigeon.message.retry-initial-interval", () -> "50ms");
        registry.add("pigeon.message.retry-max-interval", () -> "400ms");
        registry.add("pigeon.message.group-max-members", () -> GROUP_LIMIT);
        registry.add("pigeon.message.group-max-owned", () -> OWNED_LIMIT);
        registry.add("pigeon.message.ack-flush-window", () -> ACK_WINDOW);
        registry.add("pigeon.message.retry-topic.attempts", () -> ATTEMPTS_BEFORE_PARKING);
        registry.add("pigeon.message.retry-topic.initial-interval", () -> PARKED_FIRST_PAUSE.toMillis() + "ms");
        registry.add("pigeon.message.retry-topic.max-interval", () -> PARKED_MAX_PAUSE.toMillis() + "ms");
        registry.add("pigeon.message.retry-topic.backlog-refresh", () -> "300ms");
    }

    @AfterAll
    static void flush() {
        PRODUCER.flush();
    }

    /** A uid no other test uses. */
    static String uid(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static UplinkMessage message(String sender, String receiver, String clientMsgId, String content) {
        return new UplinkMessage(MessageIds.of(sender, clientMsgId), ConversationId.direct(sender, receiver).value(),
                sender, "d1", clientMsgId, "text", content, System.currentTimeMillis());
    }

    /** A message of {@code sender} into a group conversation. */
    static UplinkMessage groupMessage(String sender, String conversationId, String clientMsgId, String content) {
        return new UplinkMessage(MessageIds.of(sender, clientMsgId), conversationId, sender, "d1", clientMsgId, "text",
                content, System.currentTimeMillis());
    }

    static void produce(UplinkMessage... messages) {
        for (UplinkMessage message : messages) {
            produceRaw(message.conversationId(), UplinkMessageCodec.encode(message));
        }
        PRODUCER.flush();
    }

    /**
     * Produces {@code messages} (one conversation) as one producer batch, so that the consumer gets them in one poll:
     * a producer of its own that lingers until flushed, however long the test thread takes between two sends.
     */
    static void produceTogether(UplinkMessage... messages) {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 60_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (UplinkMessage message : messages) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, message.conversationId().getBytes(StandardCharsets.UTF_8),
                        UplinkMessageCodec.encode(message))));
            }
            producer.flush();
            for (Future<?> ack : sent) {
                ack.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + TOPIC, e);
        }
    }

    static void produceRaw(String key, byte[] value) {
        try {
            PRODUCER.send(new ProducerRecord<>(TOPIC, key.getBytes(StandardCharsets.UTF_8), value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + TOPIC, e);
        }
    }

    /** Registers a device of {@code uid} on {@code connector} the way connector-service does. */
    void online(String uid, String deviceId, StandInConnector connector) {
        redis.opsForHash().put(RedisKeys.route(uid), deviceId, connector.id());
        redis.opsForValue().set(RedisKeys.connector(connector.id()), connector.url(), Duration.ofMinutes(10));
        redis.expire(RedisKeys.route(uid), Duration.ofMinutes(10));
    }

    /** A route to a connector instance that is gone (no connector key). */
    void staleRoute(String uid, String deviceId) {
        redis.opsForHash().put(RedisKeys.route(uid), deviceId, "it-dead-" + UUID.randomUUID());
        redis.expire(RedisKeys.route(uid), Duration.ofMinutes(10));
    }

    List<Map<String, Object>> rows(String conversationId) {
        return jdbc.queryForList("SELECT seq, msg_id, sender_uid, client_msg_id, content FROM message "
                + "WHERE conversation_id = ? ORDER BY seq", conversationId);
    }

    static String reason(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.headers().lastHeader(Topics.DEAD_LETTER_REASON_HEADER).value(), StandardCharsets.UTF_8);
    }

    /** Reads the dead-letter topic from the start until {@code count} records contain one of {@code needles}. */
    static List<ConsumerRecord<byte[], byte[]>> deadLetters(int count, String... needles) {
        List<ConsumerRecord<byte[], byte[]>> found = recordsOf(DEAD_LETTER_TOPIC, count, needles);
        assertThat(found).hasSize(count);
        return found;
    }

    /**
     * Reads {@code topic} from the start until at least {@code count} records contain one of {@code needles}; all
     * those found by then, in order.
     */
    static List<ConsumerRecord<byte[], byte[]>> recordsOf(String topic, int count, String... needles) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    for (String needle : needles) {
                        if (value.contains(needle)) {
                            found.add(record);
                        }
                    }
                }
            }
        }
        assertThat(found).hasSizeGreaterThanOrEqualTo(count);
        return found;
    }
}
