package io.pigeonim.common.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.common.trust.TrustKeys;

/** {@link InternalClient} against a real HTTP server on a loopback port. */
class InternalClientTest {

    private static final ServiceTrust TRUST = new ServiceTrust(TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC), true,
            "message-service", Clock.systemUTC());

    /** One received request: what the callee's TrustFilter sees. */
    record Received(String method, String rawPath, String query, Map<String, List<String>> headers, byte[] body,
            int remotePort, String thread) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 200;
    private volatile String answer = "{\"ok\":true}";
    private volatile long delayMillis;
    private HttpServer server;
    private String baseUrl;
    private InternalClient client;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.createContext("/", this::serve);
        server.start();
        baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        client = InternalClient.builder(bootLike()).name("test").trust(TRUST).threads(2).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), headers, body,
                exchange.getRemoteAddress().getPort(), Thread.currentThread().getName()));
        try {
            Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, status == 204 ? -1 : bytes.length);
        if (status != 204) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void joinsABaseUrlAndAPathOnce() {
        assertThat(InternalClient.join("http://seq:8084", "/internal/v1/seqs")).isEqualTo("http://seq:8084/internal/v1/seqs");
        assertThat(InternalClient.join("http://seq:8084///", "/internal/v1/seqs"))
                .isEqualTo("http://seq:8084/internal/v1/seqs");
        assertThatThrownBy(() -> InternalClient.join("http://seq:8084", "internal/v1/seqs"))
                .hasMessage("path: 'internal/v1/seqs' (expected: starting with '/')");
    }

    @Test
    void aPostIsJsonEncodedOnceAndSignedSoThatTheRealVerifierAcceptsIt() {
        InternalResponse response = client.post(baseUrl + "/", "/internal/v1/acks?flush=now", Map.of("uid", "u1"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo("{\"ok\":true}");
        Received r = received.get(0);
        assertThat(r.rawPath()).isEqualTo("/internal/v1/acks");
        assertThat(r.query()).isEqualTo("flush=now");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("{\"uid\":\"u1\"}");
        assertThat(r.header("Content-type")).isEqualTo("application/json");
        // what TrustFilter does with the request: method, raw path, the body's bytes as received
        assertThat(TRUST.verifier().verifyService(r.header(IdentityHeaders.SERVICE), r.method(), r.rawPath(), r.body()))
                .isEqualTo("message-service");
    }

    @Test
    void aGetEncodesItsPathVariablesAndIsSignedWithAnEmptyBody() {
        status = 204;
        InternalResponse response = client.get(baseUrl, "/internal/v1/conversations/{id}/members/{uid}", "g:team 1",
                "u/2");

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
        Received r = received.get(0);
        assertThat(r.rawPath()).isEqualTo("/internal/v1/conversations/g%3Ateam%201/members/u%2F2");
        assertThat(TRUST.verifier().verifyService(r.header(IdentityHeaders.SERVICE), "GET", r.rawPath(), new byte[0]))
                .isEqualTo("message-service");
    }

    @Test
    void anAlreadyEncodedBodyIsSentAsItIs() {
        byte[] json = "{\"requests\":[]}".getBytes(StandardCharsets.UTF_8);
        client.post(baseUrl, "/internal/v1/acks/batch", json);
        assertThat(received.get(0).body()).isEqualTo(json);
    }

    @Test
    void aRefusalIsAnsweredWholeWithItsProblem() {
        status = 403;
        answer = "{\"type\":\"about:blank\",\"status\":403,\"detail\":\"not a member\",\"code\":\"FORBIDDEN\"}";
        Problem problem = client.post(baseUrl, "/internal/v1/acks", Map.of()).problem();
        assertThat(problem).isEqualTo(new Problem(403, "FORBIDDEN", "not a member"));
    }

    @Test
    void aBodyThatIsNoProblemGivesNoCodeAndNoDetail() {
        assertThat(Problem.of(502, "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Problem(502, null, null));
        assertThat(Problem.of(400, "{\"code\":7,\"detail\":[\"x\"]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(new Problem(400, null, null));
        assertThat(Problem.of(500, new byte[0])).isEqualTo(new Problem(500, null, null));
    }

    @Test
    void noAnswerIsUnreachableBlockingOrAsynchronous() throws Exception {
        String closed = "http://127.0.0.1:" + freePort();
        assertThatThrownBy(() -> client.get(closed, "/internal/v1/x")).isInstanceOf(UnreachableException.class)
                .hasMessageStartingWith("GET " + closed + "/internal/v1/x: no answer");

        CompletableFuture<InternalResponse> call = client.postAsync(closed, "/internal/v1/x", Map.of());
        Throwable failure = call.handle((ok, t) -> t).get(10, TimeUnit.SECONDS);
        assertThat(Failures.unwrap(failure)).isInstanceOf(UnreachableException.class);
    }

    @Test
    void aSlowCalleeIsUnreachableAfterTheReadTimeout() {
        delayMillis = 1_000;
        try (InternalClient impatient = InternalClient.builder(RestClient.builder()).trust(TRUST)
                .timeouts(Duration.ofSeconds(1), Duration.ofMillis(200)).build()) {
            assertThatThrownBy(() -> impatient.get(baseUrl, "/internal/v1/x")).isInstanceOf(UnreachableException.class);
        }
    }

    @Test
    void asynchronousCallsRunOnTheBoundedNamedPoolAndReuseConnections() throws Exception {
        delayMillis = 20;
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        List<CompletableFuture<?>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(client.postAsync(baseUrl, "/internal/v1/push", Map.of("i", i)).thenAccept(response -> {
                threads.add(Thread.currentThread().getName());
                answered.incrementAndGet();
            }));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        assertThat(answered).hasValue(20);
        assertThat(threads).hasSizeLessThanOrEqualTo(2).allMatch(name -> name.startsWith("test-http-"));
        assertThat(received.stream().map(Received::remotePort).distinct().count())
                .as("connections for 20 calls from 2 threads").isLessThanOrEqualTo(2);
    }

    @Test
    void aClientWithoutThreadsMakesBlockingCallsOnly() {
        try (InternalClient blocking = InternalClient.builder(RestClient.builder()).name("seq").build()) {
            assertThatThrownBy(blocking::executor).hasMessageContaining("seq client: no threads");
            assertThat(blocking.get(baseUrl, "/actuator/health").status()).isEqualTo(200);
            assertThat(received.get(0).header(IdentityHeaders.SERVICE)).as("unsigned").isNull();
        }
    }

    /** A builder that, like Boot's, asks a JSON converter first: bodies must not go through it. */
    private static RestClient.Builder bootLike() {
        return RestClient.builder().messageConverters(converters -> converters.add(0,
                new JacksonJsonHttpMessageConverter()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
