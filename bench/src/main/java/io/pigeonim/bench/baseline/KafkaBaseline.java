package io.pigeonim.bench.baseline;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;

/**
 * Produce → consume on the stack's broker: the record the connector publishes for a send (key = conversationId,
 * value = the {@link UplinkMessage} JSON with the same content), {@code acks=all} and the connector's linger,
 * into a topic of its own (8 partitions like the uplink), read back by one consumer in this JVM; deleted after.
 */
public final class KafkaBaseline implements Baseline {

    private static final int PARTITIONS = 8;
    private static final int CONVERSATIONS = 100;
    private static final String INDEX = "i";

    private final String topic;
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<Long, Done> waiting = new ConcurrentHashMap<>();
    private final String runId;
    private final String content;
    private final Thread poller;
    private volatile boolean running = true;

    public KafkaBaseline(String bootstrap, String runId, String content) throws Exception {
        this.runId = runId;
        this.content = content;
        this.topic = "pigeon-bench-e2e-" + runId;
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        awaitLeaders();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new ByteArraySerializer());
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = java.util.stream.IntStream.range(0, PARTITIONS)
                .mapToObj(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        poller = new Thread(this::poll, "kafka-baseline-consumer");
        poller.setDaemon(true);
        poller.start();
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String operation() {
        return "produce (acks=all) → consume of an uplink-sized record";
    }

    @Override
    public void fire(long index, Done done) {
        String pair = runId + "-k" + (index % CONVERSATIONS);
        String sender = pair + "a";
        String conversation = ConversationId.direct(sender, pair + "b").value();
        String clientMsgId = runId + ".k." + index;
        UplinkMessage message = new UplinkMessage(MessageIds.of(sender, clientMsgId), conversation, sender, "d1",
                clientMsgId, "text", content, System.currentTimeMillis());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, conversation,
                UplinkMessageCodec.encode(message));
        record.headers().add(INDEX, ByteBuffer.allocate(8).putLong(index).array());
        waiting.put(index, done);
        producer.send(record, (metadata, failure) -> {
            if (failure != null) {
                waiting.remove(index);
                done.failed(failure);
            }
        });
    }

    private void poll() {
        try {
            while (running) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    long now = System.nanoTime();
                    Header header = r.headers().lastHeader(INDEX);
                    Done done = header == null ? null : waiting.remove(ByteBuffer.wrap(header.value()).getLong());
                    if (done != null) {
                        done.ok(now);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void awaitLeaders() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream()
                .allMatch(p -> p.leader() != null)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(topic + ": partitions without a leader after 30 s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        producer.close(Duration.ofSeconds(5));
        try {
            poller.join(10_000);
            admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            System.err.println("kafka baseline: could not delete topic " + topic + ": " + e);
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
