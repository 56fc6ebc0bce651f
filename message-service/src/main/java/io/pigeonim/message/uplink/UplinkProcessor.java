package io.pigeonim.message.uplink;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.kafka.MalformedEventException;
import io.pigeonim.common.kafka.Topics;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.common.trace.LogContext;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.push.Routes;
import io.pigeonim.message.store.MessageStore;
import io.pigeonim.message.store.Rejected;
import io.pigeonim.message.store.StoredBatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaOperations;

/**
 * Does the work of some uplink records, all or nothing: decode, set poison records aside, store, push. Shared by
 * the uplink listener (whole batches, or parts of one while a failing record is isolated) and the retry topic's
 * listener (one parked record at a time).
 *
 * @implNote Poison records are dead-lettered after the store and the push, so that a retry caused by
 *     MySQL or seq-service does not publish them twice; a retry caused by the dead-letter topic itself
 *     re-stores nothing (dedup) and only pushes again, which clients tolerate.
 */
public final class UplinkProcessor {

    private final MessageStore store;
    private final PushPublisher pushes;
    private final SetAsidePublisher deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Timer sendToStore;
    private final Timer storeToPush;
    private final Clock clock;

    public UplinkProcessor(MessageStore store, PushPublisher pushes, KafkaOperations<byte[], byte[]> kafka,
            String deadLetterTopic, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.pushes = pushes;
        this.deadLetters = new SetAsidePublisher(kafka, deadLetterTopic, Topics.DEAD_LETTER_REASON_HEADER);
        this.stored = Counter.builder("pigeon.message.stored").description("Messages stored").register(meters);
        this.duplicates = Counter.builder("pigeon.message.duplicates")
                .description("Uplink records whose message was already stored").register(meters);
        this.deadLettered = Counter.builder("pigeon.message.deadletters")
                .description("Uplink records set aside on the dead-letter topic").register(meters);
        this.sendToStore = Timer.builder("pigeon.message.sends.stored")
                .description("Per well-formed uplink record: from its send's acceptance (the record's timestamp) until"
                        + " its batch's store transaction committed (a duplicate: until found stored)")
                .register(meters);
        this.storeToPush = Timer.builder("pigeon.message.stores.pushed")
                .description("Per batch with new messages: from its store commit until its pushes were answered")
                .register(meters);
        this.clock = clock;
    }

    /**
     * Stores and pushes {@code records}, in their order.
     *
     * @param spans the records' spans (empty with tracing off), which get the events {@code stored} and {@code pushed}
     * @throws RuntimeException when anything failed: nothing was skipped, do them again (stored ones are found stored)
     */
    void process(List<ConsumerRecord<byte[], byte[]>> records, List<Span> spans) {
        List<UplinkMessage> accepted = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> acceptedRecords = new ArrayList<>(records.size());
        List<SetAsidePublisher.SetAside> poison = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                UplinkMessage message = UplinkMessageCodec.decode(record.value());
                UplinkRules.requireStorable(message);
                accepted.add(message);
                acceptedRecords.add(record);
            } catch (MalformedEventException e) {
                poison.add(new SetAsidePublisher.SetAside(record, e.getMessage()));
            }
        }
        if (accepted.size() != 1) {
            storeAndPush(accepted, acceptedRecords, poison, spans);
            return;
        }
        // the usual batch under light load (and every retried record): its log lines name the message, a larger
        // batch's name none of them; set and cleared here, for both listeners that call this
        UplinkMessage only = accepted.get(0);
        LogContext.message(only.msgId(), only.clientMsgId(), only.conversationId(), only.senderId(),
                only.senderDeviceId());
        try {
            storeAndPush(accepted, acceptedRecords, poison, spans);
        } finally {
            LogContext.clear();
        }
    }

    private void storeAndPush(List<UplinkMessage> accepted, List<ConsumerRecord<byte[], byte[]>> acceptedRecords,
            List<SetAsidePublisher.SetAside> poison, List<Span> spans) {
        StoredBatch batch = store.store(accepted);
        long committedAt = clock.millis();
        UplinkTraces.event(spans, "stored");
        stored.increment(batch.stored());
        duplicates.increment(batch.duplicates());
        for (ConsumerRecord<byte[], byte[]> record : acceptedRecords) {
            sendToStore.record(Math.max(0, committedAt - record.timestamp()), TimeUnit.MILLISECONDS);
        }
        push(batch);
        UplinkTraces.event(spans, "pushed");
        if (!batch.messages().isEmpty()) {
            storeToPush.record(Math.max(0, clock.millis() - committedAt), TimeUnit.MILLISECONDS);
        }
        if (!batch.rejected().isEmpty()) {
            poison.addAll(refused(acceptedRecords, accepted, batch.rejected()));
        }
        if (!poison.isEmpty()) {
            deadLetters.publish(poison);
            deadLettered.increment(poison.size());
        }
    }

    private void push(StoredBatch batch) {
        if (batch.messages().isEmpty()) {
            return;
        }
        List<StoredMessage> ordered = UplinkFanout.inSeqOrder(batch.messages());
        Routes routes = pushes.routes(UplinkFanout.audience(ordered, batch.groups()));
        pushes.publish(routes, UplinkFanout.pushes(ordered, routes::isOnline, batch.groups()));
    }

    /** The records of the messages the store refused (every copy of each), with the store's reason. */
    private static List<SetAsidePublisher.SetAside> refused(List<ConsumerRecord<byte[], byte[]>> records,
            List<UplinkMessage> messages, List<Rejected> rejected) {
        Map<String, String> reasons = new HashMap<>();
        rejected.forEach(r -> reasons.put(r.msgId(), r.reason()));
        List<SetAsidePublisher.SetAside> letters = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String reason = reasons.get(messages.get(i).msgId());
            if (reason != null) {
                letters.add(new SetAsidePublisher.SetAside(records.get(i), reason));
            }
        }
        return letters;
    }
}
