package io.pigeonim.common.http;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.client.observation.DefaultClientRequestObservationConvention;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;

/**
 * The client of every call from one Pigeon service to another: a path template joined to the callee's base URL once,
 * a JSON body encoded once with {@link PigeonJson}, the service credential ({@link SigningInterceptor}), the answer
 * whole whatever its status ({@link InternalResponse}, {@link Problem}), and no answer at all as
 * {@link UnreachableException}. Blocking calls run on the caller's thread; the {@code …Async} ones on a bounded pool
 * of named daemon threads ({@code <name>-http-N}), in the caller's trace and log context, their futures completing
 * there.
 *
 * @implNote Built on Spring's {@code RestClient} from Boot's auto-configured builder, so every call is an observation:
 *     {@code http.client.requests} metrics always, a client span and the W3C {@code traceparent} when tracing is on
 *     (a timer per call is the accepted cost). The requests go through {@code HttpURLConnection}
 *     ({@link SimpleClientHttpRequestFactory}): it reads the answer on the calling thread and reuses kept-alive
 *     connections (the JDK cache keeps up to {@code http.maxConnections}, 5, idle per callee). The JDK
 *     {@code HttpClient} ({@code JdkClientHttpRequestFactory}) was rejected: Spring calls its {@code sendAsync},
 *     whose future the JDK completes through {@code CompletableFuture}'s default executor, which on a machine with
 *     fewer than 3 CPUs starts a thread per call. Apache HttpClient was rejected as one more dependency for what the
 *     JDK does. The asynchronous calls are the blocking ones on the pool, so a caller that must not block (a socket
 *     thread, a timer) never waits and no thread is started per call; the pool's queue is unbounded, as the callers'
 *     pools were: the callers bound what they have in flight (an ack batch at a time, the push window).
 */
public final class InternalClient implements AutoCloseable {

    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");
    private static final Pattern BEFORE_PATH = Pattern.compile("^https?://[^/]+");
    private static final MediaType[] ACCEPT = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON};

    private final String name;
    private final RestClient rest;
    private final ExecutorService executor;
    private final Traces traces;

    private InternalClient(Builder b) {
        this.name = b.name;
        this.traces = b.traces;
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(b.connectTimeout);
        requests.setReadTimeout(b.readTimeout);
        RestClient.Builder rest = b.restClients.requestFactory(requests).observationConvention(new RouteNames());
        if (b.trust != null) {
            rest.requestInterceptor(new SigningInterceptor(b.trust));
        }
        this.rest = rest.build();
        this.executor = b.threads == 0 ? null : pool(b.name + "-http-", b.threads);
    }

    /** A client built from {@code restClients}: Boot's auto-configured builder (a fresh one: it is changed). */
    public static Builder builder(RestClient.Builder restClients) {
        return new Builder(restClients);
    }

    /** {@code baseUrl} (trailing slashes dropped) followed by {@code path} (which starts with '/'). */
    public static String join(String baseUrl, String path) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path: '" + path + "' (expected: starting with '/')");
        }
        // every call joins (a push's base URL is its connector's): no regex unless there is a slash to trim
        String base = baseUrl.endsWith("/") ? TRAILING_SLASHES.matcher(baseUrl).replaceAll("") : baseUrl;
        return base + path;
    }

    /**
     * {@code GET} of {@code route} (a path template such as {@code /internal/v1/things/{id}}, its variables encoded
     * as path segments) at {@code baseUrl}, until answered.
     *
     * @throws UnreachableException when no answer came
     */
    public InternalResponse get(String baseUrl, String route, Object... variables) {
        return exchange(HttpMethod.GET, baseUrl, route, null, variables);
    }

    /**
     * {@code POST} of {@code body} as JSON ({@code byte[]}: already encoded) to {@code route} at {@code baseUrl}.
     *
     * @throws UnreachableException when no answer came
     */
    public InternalResponse post(String baseUrl, String route, Object body, Object... variables) {
        return exchange(HttpMethod.POST, baseUrl, route, json(body), variables);
    }

    /** {@link #get} on the client's threads; the future fails with {@link UnreachableException} when no answer came. */
    public CompletableFuture<InternalResponse> getAsync(String baseUrl, String route, Object... variables) {
        return async(() -> exchange(HttpMethod.GET, baseUrl, route, null, variables));
    }

    /** {@link #post} on the client's threads, the body encoded on the caller's. */
    public CompletableFuture<InternalResponse> postAsync(String baseUrl, String route, Object body,
            Object... variables) {
        byte[] json = json(body);
        return async(() -> exchange(HttpMethod.POST, baseUrl, route, json, variables));
    }

    /** The client's threads, for work that makes several blocking calls in parallel. */
    public Executor executor() {
        if (executor == null) {
            throw new IllegalStateException(name + " client: no threads (expected: threads > 0 for asynchronous calls)");
        }
        return executor;
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdown();
        }
    }

    private CompletableFuture<InternalResponse> async(Supplier<InternalResponse> call) {
        CompletableFuture<InternalResponse> answer = new CompletableFuture<>();
        // the caller's log context, for the lines its callbacks write (docs/operations.md, Logs)
        Map<String, String> logContext = MDC.getCopyOfContextMap();
        try {
            // in the caller's trace, when tracing is on
            executor().execute(traces.wrap(() -> {
                if (logContext != null) {
                    MDC.setContextMap(logContext);
                }
                try {
                    answer.complete(call.get());
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                } finally {
                    MDC.clear();
                }
            }));
        } catch (RejectedExecutionException e) {
            answer.completeExceptionally(new UnreachableException(name + " client closed", e));
        }
        return answer;
    }

    private InternalResponse exchange(HttpMethod method, String baseUrl, String route, byte[] body,
            Object[] variables) {
        String uri = join(baseUrl, route);
        RestClient.RequestBodySpec request = rest.method(method).uri(uri, variables).accept(ACCEPT);
        if (body != null) {
            // written as they are: a message converter (Boot's puts JSON first) would encode the bytes again (base64)
            request.contentType(MediaType.APPLICATION_JSON).contentLength(body.length).body(out -> out.write(body));
        }
        try {
            return request.exchange((sent, answer) ->
                    new InternalResponse(answer.getStatusCode().value(), answer.getBody().readAllBytes()));
        } catch (ResourceAccessException e) {
            throw new UnreachableException(method + " " + uri + ": no answer (" + e.getCause() + ")", e.getCause());
        }
    }

    private static byte[] json(Object body) {
        return body instanceof byte[] bytes ? bytes : PigeonJson.mapper().writeValueAsBytes(body);
    }

    private static ExecutorService pool(String prefix, int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Client spans named as before the shared client: the method and the route ({@code POST /internal/v1/seqs}). */
    private static final class RouteNames extends DefaultClientRequestObservationConvention {

        @Override
        public String getContextualName(ClientRequestObservationContext context) {
            String template = context.getUriTemplate();
            if (template == null || context.getCarrier() == null) {
                return super.getContextualName(context);
            }
            return context.getCarrier().getMethod().name() + " " + BEFORE_PATH.matcher(template).replaceFirst("");
        }
    }

    /** How a client is set up; every setting but the builder has a default. */
    public static final class Builder {

        private final RestClient.Builder restClients;
        private String name = "internal";
        private ServiceTrust trust;
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration readTimeout = Duration.ofSeconds(2);
        private int threads;
        private Traces traces = Traces.OFF;

        private Builder(RestClient.Builder restClients) {
            this.restClients = Objects.requireNonNull(restClients, "restClients");
        }

        /** The callee, in thread names and messages. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Signs every request with this service's credential (without: unsigned, for open endpoints only). */
        public Builder trust(ServiceTrust trust) {
            this.trust = Objects.requireNonNull(trust, "trust");
            return this;
        }

        /** How long connecting, and then waiting for each read of the answer, may take. */
        public Builder timeouts(Duration connect, Duration read) {
            this.connectTimeout = Objects.requireNonNull(connect, "connect");
            this.readTimeout = Objects.requireNonNull(read, "read");
            return this;
        }

        /** The threads of the asynchronous calls (0, the default: blocking calls only). */
        public Builder threads(int threads) {
            if (threads < 0) {
                throw new IllegalArgumentException("threads: " + threads + " (expected: >= 0)");
            }
            this.threads = threads;
            return this;
        }

        /** Carries the caller's trace context onto the client's threads. */
        public Builder traces(Traces traces) {
            this.traces = Objects.requireNonNull(traces, "traces");
            return this;
        }

        public InternalClient build() {
            return new InternalClient(this);
        }
    }
}
