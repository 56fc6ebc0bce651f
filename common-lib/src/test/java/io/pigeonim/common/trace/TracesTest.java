package io.pigeonim.common.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;

import io.pigeonim.common.http.InternalClient;

/**
 * {@link Traces} on a real OpenTelemetry tracer (every span sampled, kept in memory), and the shared
 * {@link InternalClient} under an observation registry with a tracing handler, as Boot's builder sets it up.
 */
class TracesTest {

    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private SdkTracerProvider provider;
    private final List<String> traceparents = new CopyOnWriteArrayList<>();
    private Traces traces;
    private PropagatingSenderTracingObservationHandler<?> sender;

    @BeforeEach
    void setUp() {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                .addSpanProcessor(SimpleSpanProcessor.create(new InMemory())).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
        });
        OtelPropagator propagator = new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
                otel);
        traces = Traces.of(true, tracer, propagator);
        sender = new PropagatingSenderTracingObservationHandler<>(tracer, propagator);
    }

    @AfterEach
    void tearDown() {
        provider.close();
    }

    @Test
    void anInternalCallIsAClientSpanOfTheCurrentTraceNamedAfterItsRoute() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            traceparents.add(traceparent == null ? "" : traceparent);
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        ObservationRegistry observations = ObservationRegistry.create();
        observations.observationConfig().observationHandler(sender);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        Span work = traces.start("ws send", Span.Kind.SERVER);
        try (InternalClient client = InternalClient.builder(RestClient.builder().observationRegistry(observations))
                .threads(1).traces(traces).build(); Tracer.SpanInScope scope = traces.scope(work)) {
            client.post(base, "/internal/v1/push", Map.of());
            client.postAsync(base, "/internal/v1/conversations/{id}/members", Map.of(), "g:1").get(10, TimeUnit.SECONDS);
        } finally {
            server.stop(0);
        }
        Traces.end(work, null);

        SpanData send = named("ws send");
        SpanData push = named("POST /internal/v1/push");
        SpanData onPool = named("POST /internal/v1/conversations/{id}/members");
        assertThat(List.of(push.getParentSpanId(), onPool.getParentSpanId())).containsOnly(send.getSpanId());
        assertThat(push.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
        assertThat(traceparents).containsExactly("00-" + send.getTraceId() + "-" + push.getSpanId() + "-01",
                "00-" + send.getTraceId() + "-" + onPool.getSpanId() + "-01");
    }

    private SpanData named(String name) {
        return finished.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + finished));
    }

    @Test
    void aWrappedTaskRunsInTheTraceOfItsCallerOnAnotherThread() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        AtomicReference<String> seen = new AtomicReference<>();
        Span work = traces.start("batch", Span.Kind.CONSUMER);
        try (Tracer.SpanInScope scope = traces.scope(work)) {
            other.submit(traces.wrap(() -> seen.set(traces.tracer().currentSpan().context().spanId()))).get();
        } finally {
            other.shutdown();
        }
        assertThat(seen).hasValue(work.context().spanId());
    }

    @Test
    void offStartsNoSpan() {
        Traces off = Traces.of(false, traces.tracer(), traces.propagator());
        assertThat(off).isSameAs(Traces.OFF);
        assertThat(off.start("ws send", Span.Kind.SERVER)).isNull();
        Runnable task = () -> {
        };
        assertThat(off.wrap(task)).isSameAs(task);
        try (Tracer.SpanInScope scope = off.scope(null)) {
            task.run();
        }
        assertThat(finished).isEmpty();
    }

    private final class InMemory implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            finished.addAll(spans);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
