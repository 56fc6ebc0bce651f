package io.pigeonim.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** The private broker is a real one: what it acknowledged survives SIGKILL and a restart on the same address. */
class PrivateKafkaIT {

    private static final String TOPIC = "private.kafka.it";

    @Test
    void acknowledgedRecordsSurviveAKillAndAGracefulStopAndTheAddressStaysTheSame() throws Exception {
        Path dir;
        try (PrivateKafka kafka = PrivateKafka.start()) {
            dir = kafka.logFile().getParent();
            String bootstrap = kafka.bootstrapServers();
            kafka.createTopic(TOPIC, 2);
            produce(kafka, "before-kill-", 50);

            kafka.kill();
            assertThat(kafka.running()).isFalse();
            assertThatThrownBy(() -> connect(bootstrap)).isInstanceOf(IOException.class);

            kafka.restart();
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            produce(kafka, "after-restart-", 10);

            kafka.stop();
            assertThat(kafka.running()).isFalse();
            kafka.restart();

            List<String> expected = new ArrayList<>();
            IntStream.range(0, 50).forEach(i -> expected.add("before-kill-" + i));
            IntStream.range(0, 10).forEach(i -> expected.add("after-restart-" + i));
            assertThat(readAll(kafka)).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(Files.exists(dir)).isFalse();
    }

    /** Sends {@code count} records with acks=all and waits for every acknowledgement. */
    private static void produce(PrivateKafka kafka, String prefix, int count) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                sent.add(producer.send(new ProducerRecord<>(TOPIC, "k" + i, prefix + i)));
            }
            for (Future<RecordMetadata> f : sent) {
                f.get();
            }
        }
    }

    private static List<String> readAll(PrivateKafka kafka) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()))) {
            List<TopicPartition> partitions = List.of(new TopicPartition(TOPIC, 0), new TopicPartition(TOPIC, 1));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(r.value());
                }
            }
            return values;
        }
    }

    private static void connect(String bootstrap) throws IOException {
        String[] hostPort = bootstrap.split(":");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 1000);
        }
    }
}
