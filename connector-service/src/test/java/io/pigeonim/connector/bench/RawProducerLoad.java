package io.pigeonim.connector.bench;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;

/**
 * The uplink benchmark's baseline: the records the connector would publish for the same senders (key =
 * conversationId, value = the {@link UplinkMessage} JSON), sent straight to a producer with at most as many in flight
 * as the connector's clients keep; run by several threads at once, until interrupted.
 */
final class RawProducerLoad implements Runnable {

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final List<String> uids;
    private final List<List<String>> conversations;
    private final String content;
    private final Semaphore inFlight;
    private final Throughput meter;
    private final AtomicLong sequence = new AtomicLong();

    RawProducerLoad(KafkaProducer<String, byte[]> producer, String topic, List<String> uids,
            List<List<String>> conversations, String content, int inFlight, Throughput meter) {
        this.producer = producer;
        this.topic = topic;
        this.uids = uids;
        this.conversations = conversations;
        this.content = content;
        this.inFlight = new Semaphore(inFlight);
        this.meter = meter;
    }

    @Override
    public void run() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                if (inFlight.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    sendNext();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sender n % senders, its conversations in turn, as each connection of the connector run sends. */
    private void sendNext() {
        long n = sequence.incrementAndGet();
        int lane = (int) (n % uids.size());
        String uid = uids.get(lane);
        List<String> own = conversations.get(lane);
        String conversation = own.get((int) (n / uids.size() % own.size()));
        String clientMsgId = "m" + n;
        UplinkMessage message = new UplinkMessage(MessageIds.of(uid, clientMsgId), conversation, uid, "d1",
                clientMsgId, "text", content, System.currentTimeMillis());
        long start = System.nanoTime();
        producer.send(new ProducerRecord<>(topic, conversation, UplinkMessageCodec.encode(message)),
                (metadata, failure) -> {
                    inFlight.release();
                    if (failure == null) {
                        meter.completed(System.nanoTime() - start);
                    } else {
                        meter.failed();
                    }
                });
    }
}
