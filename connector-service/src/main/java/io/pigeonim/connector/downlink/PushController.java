package io.pigeonim.connector.downlink;

import java.util.concurrent.TimeUnit;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;
import io.pigeonim.common.trace.Traces;

/** {@code POST /internal/v1/push}: message-service hands this instance frames for its connections. */
@RestController
public class PushController {

    private final PushDispatcher dispatcher;
    private final Timer handled;
    private final Traces traces;

    public PushController(PushDispatcher dispatcher, MeterRegistry meters, Traces traces) {
        this.dispatcher = dispatcher;
        this.traces = traces;
        this.handled = Timer.builder("pigeon.connector.push.handled")
                .description("Decoding one push request and queueing its frames on the connections")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
    }

    /** The body is read with the wire-contract mapper, so frames decode exactly as on the wire. */
    @PostMapping(path = "/internal/v1/push", consumes = MediaType.APPLICATION_JSON_VALUE)
    public PushResponse push(@RequestBody byte[] body) {
        long started = System.nanoTime();
        PushRequest request = PigeonJson.mapper().readValue(body, PushRequest.class);
        // with tracing on: the frame writes, in the trace of the request (Boot's server span continues the caller's)
        Span span = traces.start("ws push");
        int writes;
        try (Tracer.SpanInScope scope = traces.scope(span)) {
            writes = dispatcher.push(request);
        } catch (RuntimeException e) {
            Traces.end(span, e);
            throw e;
        }
        if (span != null) {
            span.tag("pigeon.writes", Integer.toString(writes));
            span.end();
        }
        PushResponse response = new PushResponse(writes);
        handled.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        return response;
    }
}
