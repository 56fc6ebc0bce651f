package io.pigeonim.message.uplink;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Sets uplink records aside on another topic (the dead-letter topic, the retry topic), raw bytes and key as received,
 * with the reason and where the record first came from.
 *
 * @implNote The origin headers (topic, partition, offset of the uplink record) are copied from a record that already
 *     carries them, so a record parked again and again still names its place on the uplink.
 */
final class SetAsidePublisher {

    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final KafkaOperations<byte[], byte[]> kafka;
    private final String topic;
    private final String reasonHeader;

    SetAsidePublisher(KafkaOperations<byte[], byte[]> kafka, String topic, String reasonHeader) {
        this.kafka = kafka;
        this.topic = topic;
        this.reasonHeader = reasonHeader;
    }

    String topic() {
        return topic;
    }

    /** A record to set aside, why, and the further headers it gets (none: an empty array). */
    record SetAside(ConsumerRecord<byte[], byte[]> record, String reason, Header... headers) {
    }

    /** Publishes and waits until the broker has them all; throws so that the batch is retried otherwise. */
    void publish(List<SetAside> records) {
        List<CompletableFuture<?>> sent = new ArrayList<>(records.size());
        for (SetAside aside : records) {
            ConsumerRecord<byte[], byte[]> source = aside.record();
            ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(topic, null, source.key(), source.value());
            out.headers().add(reasonHeader, aside.reason().getBytes(StandardCharsets.UTF_8));
            copyOrigin(source, out.headers());
            for (Header header : aside.headers()) {
                out.headers().add(header);
            }
            sent.add(kafka.send(out));
        }
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("topic " + topic + " did not take " + records.size() + " records", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing to " + topic, e);
        }
    }

    private static void copyOrigin(ConsumerRecord<byte[], byte[]> source, Headers out) {
        Header topic = source.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_TOPIC);
        Header partition = source.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION);
        Header offset = source.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET);
        if (topic != null && partition != null && offset != null) {
            out.add(topic).add(partition).add(offset);
            return;
        }
        out.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, source.topic().getBytes(StandardCharsets.UTF_8));
        out.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(source.partition()).array());
        out.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(source.offset()).array());
    }
}
