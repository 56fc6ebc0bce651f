package io.pigeonim.common.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
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

/** {@link Traces} on a real OpenTelemetry tracer (every span sampled, kept in memory) and a real HTTP server. */
class TracesTest {

    private static final String PUSH = "/internal/v1/push";

    private final List<SpanData> finished = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private SdkTracerProvider provider;
    private Traces traces;
    private HttpServer server;
    private HttpClient http;

    @BeforeEach
    void setUp() throws IOException {
        provider = SdkTracerProvider.builder().setSampler(Sampler.alwaysOn())
                .addSpanProcessor(SimpleSpanProcessor.create(new InMemory())).build();
        io.opentelemetry.api.trace.Tracer otel = provider.get("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {
        });
        traces = Traces.of(true, tracer,
                new OtelPropagator(ContextPropagators.create(W3CTraceContextPropagator.getInstance()), otel));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PUSH, exchange -> {
            String traceparent = exchange.getRequestHeaders().getFirst("traceparent");
            received.add(traceparent == null ? "" : traceparent);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
        provider.close();
    }

    @Test
    void aCallIsAClientSpanOfTheCurrentTraceAndTheCalleeReceivesItsContext() throws Exception {
        Span work = traces.start("ws send", Span.Kind.SERVER);
        try (Tracer.SpanInScope scope = traces.scope(work)) {
            assertThat(traces.send(http, request(), PUSH, HttpResponse.BodyHandlers.discarding()).statusCode())
                    .isEqualTo(200);
        }
        Traces.end(work, null);

        SpanData call = named("POST /internal/v1/push");
        SpanData send = named("ws send");
        assertThat(call.getParentSpanId()).isEqualTo(send.getSpanId());
        assertThat(call.getTraceId()).isEqualTo(send.getTraceId());
        assertThat(call.getKind()).isEqualTo(io.opentelemetry.api.trace.SpanKind.CLIENT);
        assertThat(call.getAttributes().asMap().toString()).contains("http.response.status_code=200");
        assertThat(received).containsExactly("00-" + call.getTraceId() + "-" + call.getSpanId() + "-01");
    }

    @Test
    void anAsynchronousCallEndsItsSpanWhenAnswered() throws Exception {
        traces.sendAsync(http, request(), PUSH, HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS);
        SpanData call = named("POST /internal/v1/push");
        assertThat(call.getParentSpanId()).as("no current span: a trace of its own")
                .isEqualTo(io.opentelemetry.api.trace.SpanId.getInvalid());
        assertThat(received).containsExactly("00-" + call.getTraceId() + "-" + call.getSpanId() + "-01");
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
    void offStartsNoSpanAndSendsNoHeader() throws Exception {
        Traces off = Traces.of(false, traces.tracer(), traces.propagator());
        assertThat(off).isSameAs(Traces.OFF);
        assertThat(off.start("ws send", Span.Kind.SERVER)).isNull();
        Runnable task = () -> {
        };
        assertThat(off.wrap(task)).isSameAs(task);
        try (Tracer.SpanInScope scope = off.scope(null)) {
            off.send(http, request(), PUSH, HttpResponse.BodyHandlers.discarding());
        }
        off.sendAsync(http, request(), PUSH, HttpResponse.BodyHandlers.discarding()).get(10, TimeUnit.SECONDS);
        assertThat(received).containsExactly("", "");
        assertThat(finished).isEmpty();
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getAddress().getPort()
                + PUSH)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    private SpanData named(String name) {
        return finished.stream().filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + name + " in " + finished));
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
