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
import io.micrometer.tracing.Tracer;
import io.pigeonim.common.kafka.MalformedEventException;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.kafka.UplinkMessageCodec;
import io.pigeonim.common.trace.LogContext;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.push.Routes;
import io.pigeonim.message.store.MessageStore;
import io.pigeonim.message.store.Rejected;
import io.pigeonim.message.store.StoredBatch;
import io.pigeonim.message.store.StoredMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.BatchMessageListener;

/**
 * Handles one polled batch of the uplink topic: decode, set poison records aside, store, push. The container
 * commits the batch's offsets only when this returns; any exception has the whole batch retried.
 *
 * @implNote Poison records are dead-lettered after the store and the push, so that a retry caused by
 *     MySQL or seq-service does not publish them twice; a retry caused by the dead-letter topic itself
 *     re-stores nothing (dedup) and only pushes again, which clients tolerate.
 */
public final class UplinkListener implements BatchMessageListener<byte[], byte[]> {

    private final MessageStore store;
    private final PushPublisher pushes;
    private final DeadLetterPublisher deadLetters;
    private final Counter stored;
    private final Counter duplicates;
    private final Counter deadLettered;
    private final Timer batches;
    private final Timer received;
    private final Timer sendToStore;
    private final Timer storeToPush;
    private final Clock clock;
    private final UplinkTraces traces;

    public UplinkListener(MessageStore store, PushPublisher pushes, KafkaOperations<byte[], byte[]> kafka,
            String deadLetterTopic, MeterRegistry meters, Clock clock, UplinkTraces traces) {
        this.traces = traces;
        this.store = store;
        this.pushes = pushes;
        this.deadLetters = new DeadLetterPublisher(kafka, deadLetterTopic);
        this.stored = Counter.builder("pigeon.message.stored").description("Messages stored").register(meters);
        this.duplicates = Counter.builder("pigeon.message.duplicates")
                .description("Uplink records whose message was already stored").register(meters);
        this.deadLettered = Counter.builder("pigeon.message.deadletters")
                .description("Uplink records set aside on the dead-letter topic").register(meters);
        this.batches = Timer.builder("pigeon.message.batches.processed")
                .description("Time to store and push one uplink batch").register(meters);
        this.received = Timer.builder("pigeon.message.records.received")
                .description("Time from an uplink record's timestamp (its producer's send) to this listener")
                .register(meters);
        this.sendToStore = Timer.builder("pigeon.message.sends.stored")
                .description("Per well-formed uplink record: from its send's acceptance (the record's timestamp) until"
                        + " its batch's store transaction committed (a duplicate: until found stored)")
                .register(meters);
        this.storeToPush = Timer.builder("pigeon.message.stores.pushed")
                .description("Per batch with new messages: from its store commit until its pushes were answered")
                .register(meters);
        this.clock = clock;
    }

    @Override
    public void onMessage(List<ConsumerRecord<byte[], byte[]>> records) {
        long now = clock.millis();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            // a negative wait (clocks of two machines) is not a wait: counted as 0
            received.record(Math.max(0, now - record.timestamp()), TimeUnit.MILLISECONDS);
        }
        List<Span> spans = traces.received(records, records.isEmpty() ? "" : records.get(0).topic());
        try (Tracer.SpanInScope scope = traces.scope(spans)) {
            batches.record(() -> process(records, spans));
        } catch (RuntimeException | Error e) {
            UplinkTraces.end(spans, e);
            throw e;
        } finally {
            LogContext.clear();
        }
        UplinkTraces.end(spans, null);
    }

    private void process(List<ConsumerRecord<byte[], byte[]>> records, List<Span> spans) {
        List<UplinkMessage> accepted = new ArrayList<>(records.size());
        List<ConsumerRecord<byte[], byte[]>> acceptedRecords = new ArrayList<>(records.size());
        List<DeadLetterPublisher.DeadLetter> poison = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            try {
                UplinkMessage message = UplinkMessageCodec.decode(record.value());
                UplinkRules.requireStorable(message);
                accepted.add(message);
                acceptedRecords.add(record);
            } catch (MalformedEventException e) {
                poison.add(new DeadLetterPublisher.DeadLetter(record, e.getMessage()));
            }
        }
        if (accepted.size() == 1) {
            // the usual batch under light load: its log lines name the message (a larger batch's name none of them)
            UplinkMessage only = accepted.get(0);
            LogContext.message(only.msgId(), only.clientMsgId(), only.conversationId(), only.senderUid(),
                    only.senderDeviceId());
        }
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
    private static List<DeadLetterPublisher.DeadLetter> refused(List<ConsumerRecord<byte[], byte[]>> records,
            List<UplinkMessage> messages, List<Rejected> rejected) {
        Map<String, String> reasons = new HashMap<>();
        rejected.forEach(r -> reasons.put(r.msgId(), r.reason()));
        List<DeadLetterPublisher.DeadLetter> letters = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            String reason = reasons.get(messages.get(i).msgId());
            if (reason != null) {
                letters.add(new DeadLetterPublisher.DeadLetter(records.get(i), reason));
            }
        }
        return letters;
    }
}
