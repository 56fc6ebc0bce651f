package io.pigeonim.common.trace;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * A service's tracing, on or off as a whole ({@value #ENABLED_PROPERTY}, set from {@code TRACING_ENABLED}): spans of
 * our own work (a WebSocket frame, an uplink record), and the context carried onto other threads ({@link #wrap}). The
 * calls between services get their client spans and W3C {@code traceparent} from Boot's observation of the shared
 * {@code io.pigeonim.common.http.InternalClient}.
 *
 * @implNote Decided once, at start-up, from the switch and not from the tracer: with Boot's OpenTelemetry bridge on the
 *     class path a real tracer exists even with export off (only propagation and export are off), so a test of
 *     {@code tracer == Tracer.NOOP} would start a span per message nobody sees. Off, every method is a field read
 *     and a branch, with nothing allocated (issue 11: per-call observations cost about 5 % of CPU).
 */
public final class Traces {

    /** The switch: Boot's span export, which {@code TRACING_ENABLED} sets in every service's application.yml. */
    public static final String ENABLED_PROPERTY = "management.tracing.export.enabled";
    /** Tracing off: no span, no header. */
    public static final Traces OFF = new Traces(Tracer.NOOP, Propagator.NOOP, false);

    private static final Tracer.SpanInScope NO_SCOPE = () -> {
    };

    private final Tracer tracer;
    private final Propagator propagator;
    private final boolean on;

    private Traces(Tracer tracer, Propagator propagator, boolean on) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.on = on;
    }

    /** {@link #OFF} unless {@code enabled} and both a tracer and a propagator exist (nullable: Spring's providers). */
    public static Traces of(boolean enabled, Tracer tracer, Propagator propagator) {
        if (!enabled || tracer == null || tracer == Tracer.NOOP || propagator == null) {
            return OFF;
        }
        return new Traces(tracer, propagator, true);
    }

    public boolean on() {
        return on;
    }

    /** The tracer; {@link Tracer#NOOP} when off. */
    public Tracer tracer() {
        return tracer;
    }

    /** The propagator; {@link Propagator#NOOP} when off. */
    public Propagator propagator() {
        return propagator;
    }

    /** A started span, child of the current one (or the root of a new trace); {@code null} when off. */
    public Span start(String name, Span.Kind kind) {
        if (!on) {
            return null;
        }
        return tracer.spanBuilder().name(name).kind(kind).start();
    }

    /** A started internal span (work inside this process), child of the current one; {@code null} when off. */
    public Span start(String name) {
        return on ? tracer.spanBuilder().name(name).start() : null;
    }

    /** Makes {@code span} the current one until the scope closes; with {@code null} (off), does nothing. */
    public Tracer.SpanInScope scope(Span span) {
        return span == null ? NO_SCOPE : tracer.withSpan(span);
    }

    /** Ends {@code span} (nothing when {@code null}), marked failed when {@code failure} is not null. */
    public static void end(Span span, Throwable failure) {
        if (span == null) {
            return;
        }
        if (failure != null) {
            span.error(failure);
        }
        span.end();
    }

    /** {@code task} running in the trace context current now, on whichever thread; {@code task} itself when off. */
    public Runnable wrap(Runnable task) {
        return on ? tracer.currentTraceContext().wrap(task) : task;
    }
}
