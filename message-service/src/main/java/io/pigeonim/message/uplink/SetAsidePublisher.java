package io.pigeonim.message.uplink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.pigeonim.common.kafka.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/** Sets poison records aside on the dead-letter topic, raw bytes and key as received, with the reason. */
final class DeadLetterPublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaOperations<byte[], byte[]> kafka;
    private final String topic;

    DeadLetterPublisher(KafkaOperations<byte[], byte[]> kafka, String topic) {
        this.kafka = kafka;
        this.topic = topic;
    }

    /** A record that can never be processed, and why. */
    record DeadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
    }

    /** Publishes and waits until the broker has them all; throws so that the batch is retried otherwise. */
    void publish(List<DeadLetter> letters) {
        List<CompletableFuture<?>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            ConsumerRecord<byte[], byte[]> source = letter.record();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, source.key(), source.value());
            out.headers().add(Topics.DEAD_LETTER_REASON_HEADER, letter.reason().getBytes(StandardCharsets.UTF_8));
            out.headers().add(KafkaHeaders.DLT_ORIGINAL_TOPIC, source.topic().getBytes(StandardCharsets.UTF_8));
            out.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(source.partition()).array());
            out.headers().add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(source.offset()).array());
            sent.add(kafka.send(out));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("dead-letter topic " + topic + " did not take " + letters.size() + " records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing dead letters", e);
        }
    }
}
