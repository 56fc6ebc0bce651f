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
import io.pigeonim.common.trace.Traces;

/**
 * One span per uplink record, in the trace that the connector's send started (the record's {@code traceparent}
 * header, written by the connector's KafkaTemplate observation): from this listener's receipt, with the events
 * {@code stored} and {@code pushed}, so one message can be followed from its send to its push.
 *
 * @implNote Per record and not per batch: a batch mixes the messages of many traces. Spring Kafka's own listener
 *     observation was rejected because it covers record listeners only, and this one is a batch listener. With
 *     tracing off (the default; {@link Traces#on()}, not the tracer: a real one exists even then) nothing is
 *     allocated per record. The calls a batch makes (seq-service, the connectors' pushes) carry many messages in one
 *     request: they are made in the trace of the batch's first record ({@link #scope}), the others' spans end
 *     with the batch.
 */
public final class UplinkTraces {

    /** Tracing off. */
    public static final UplinkTraces OFF = new UplinkTraces(Traces.OFF);

    private static final Propagator.Getter<ConsumerRecord<byte[], byte[]>> HEADERS = (record, key) -> {
        Header header = record.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    };

    private final Traces traces;

    public UplinkTraces(Traces traces) {
        this.traces = Objects.requireNonNull(traces, "traces");
    }

    /** A started span for each record, child of its producer's span when the record carries one. */
    List<Span> received(List<ConsumerRecord<byte[], byte[]>> records, String topic) {
        if (!traces.on()) {
            return List.of();
        }
        Propagator propagator = traces.propagator();
        List<Span> spans = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> record : records) {
            spans.add(propagator.extract(record, HEADERS).name(topic + " process").kind(Span.Kind.CONSUMER)
                    .tag("messaging.system", "kafka").tag("messaging.destination.name", topic)
                    .tag("messaging.kafka.partition", Integer.toString(record.partition())).start());
        }
        return spans;
    }

    /** The first record's span as the current one: the batch's calls to other services continue its trace. */
    Tracer.SpanInScope scope(List<Span> spans) {
        return traces.scope(spans.isEmpty() ? null : spans.get(0));
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
