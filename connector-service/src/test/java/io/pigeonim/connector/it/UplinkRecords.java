package io.pigeonim.connector.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;

/** Reads what the connector published on the test's own uplink topic, from the beginning. */
final class UplinkRecords implements AutoCloseable {

    record Published(String key, UplinkMessage message) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Published> seen = new ArrayList<>();

    UplinkRecords(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
    }

    /** Polls until at least {@code count} records match, or 20 s passed; returns every match. */
    List<Published> await(Predicate<Published> match, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (matching(match).size() < count && System.nanoTime() < deadline) {
            poll();
        }
        return matching(match);
    }

    /** Every match after polling for {@code quiet} more. */
    List<Published> settle(Predicate<Published> match, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
        }
        return matching(match);
    }

    /**
     * Every record of {@code topic} up to its current end, read with no consumer group; within a
     * partition in offset order.
     */
    static List<Published> readAll(String bootstrap, String topic) {
        try (KafkaConsumer<String, byte[]> reader = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            List<TopicPartition> partitions = reader.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = reader.endOffsets(partitions);
            List<Published> records = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> reader.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " up to " + end + " within 30 s");
                }
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(200))) {
                    records.add(new Published(r.key(), UplinkMessageCodec.decode(r.value())));
                }
            }
            return records;
        }
    }

    private void poll() {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            seen.add(new Published(r.key(), UplinkMessageCodec.decode(r.value())));
        }
    }

    private List<Published> matching(Predicate<Published> match) {
        return seen.stream().filter(match).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
