package io.pigeonim.message.uplink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * One span per uplink record, in the trace that the connector's send started (the record's {@code traceparent}
 * header, written by the connector's KafkaTemplate observation): from this listener's receipt, with the events
 * {@code stored} and {@code pushed}, so one message can be followed from its send to its push.
 *
 * @implNote Per record and not per batch: a batch mixes the messages of many traces. Spring Kafka's own listener
 *     observation was rejected because it covers record listeners only, and this one is a batch listener. With
 *     tracing off (the default) the tracer is the no-op one and nothing is allocated per record.
 */
public final class UplinkTraces {

    /** Tracing off. */
    public static final UplinkTraces OFF = new UplinkTraces(Tracer.NOOP, Propagator.NOOP);

    private static final Propagator.Getter<ConsumerRecord<byte[], byte[]>> HEADERS = (record, key) -> {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Tracer tracer;
    private final Propagator propagator;

    public UplinkTraces(Tracer tracer, Propagator propagator) {
        this.tracer = Objects.requireNonNull(tracer, "tracer");
        this.propagator = Objects.requireNonNull(propagator, "propagator");
    }

    /** A started span for each record, child of its producer's span when the record carries one. */
    List<Span> received(List<ConsumerRecord<byte[], byte[]>> records, String topic) {
        if (tracer == Tracer.NOOP) {
            return List.of();
        }
        List<Span> spans = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            spans.add(propagator.extract(record, HEADERS).name(topic + " process").kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka").tag("messaging.destination.name", topic)
                    .tag("messaging.kafka.partition", Integer.toString(record.partition())).start());
        }
        return spans;
    }

    static void event(List<Span> spans, String event) {
        for (Span span : spans) {
            span.event(event);
        }
    }

    static void end(List<Span> spans, Throwable failure) {
        for (Span span : spans) {
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }
    }
}
