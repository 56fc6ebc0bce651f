package io.pigeonim.gateway;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A service behind the gateway, in-process on a free port: records every request it sees and answers
 * {@code {"upstream":"<name>"}}; on {@code /ws} it accepts a WebSocket that says {@code hello}, echoes text
 * frames as {@code echo:<text>}, and on the frame {@code close1012} closes with 1012 (service restart); while
 * {@link #full} it refuses upgrades with 503.
 */
public final class StandInUpstream implements AutoCloseable {

    /** What the upstream received. */
    public record Seen(String method, String uri, HttpHeaders headers) {
    }

    private final String name;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final DisposableServer server;
    private volatile boolean full;

    private StandInUpstream(String name) {
        this.name = name;
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024))
                .route(routes -> routes
                        .route(request -> request.uri().startsWith("/ws")
                                && "websocket".equalsIgnoreCase(request.requestHeaders().get("Upgrade")), (request, response) -> {
                            record(request.method().name(), request.uri(), request.requestHeaders());
                            if (request.uri().contains("standin=429")) {
                                // a user with as many devices online as allowed (docs/security.md)
                                return response.status(429).header("Retry-After", "60").send();
                            }
                            if (full) {
                                // a connector at its budget (issue 18)
                                return response.status(503).header("Retry-After", "7")
                                        .header("Content-Type", "application/problem+json")
                                        .sendString(Mono.just("{\"status\":503,\"code\":\"UNAVAILABLE\"}"));
                            }
                            return response.sendWebsocket((in, out) -> {
                                // close from inside, without cancelling the inbound (that would close with 1005)
                                Flux<String> replies = in.receive().asString()
                                        .concatMap(text -> switch (text) {
                                            case "close1012" -> out.sendClose(1012, "service restart")
                                                    .then(Mono.<String>empty());
                                            default -> Mono.just("echo:" + text);
                                        });
                                return out.sendString(Flux.concat(Mono.just("hello"), replies));
                            });
                        })
                        .route(request -> true, (request, response) -> {
                            record(request.method().name(), request.uri(), request.requestHeaders());
                            return response.header("Content-Type", "application/json")
                                    .sendString(Mono.just("{\"upstream\":\"" + name + "\"}"));
                        }))
                .bindNow(Duration.ofSeconds(10));
    }

    /** Starts a stand-in named {@code name}. */
    public static StandInUpstream start(String name) {
        return new StandInUpstream(name);
    }

    private void record(String method, String uri, HttpHeaders headers) {
        seen.add(new Seen(method, uri, headers.copy()));
    }

    public String name() {
        return name;
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String wsUrl() {
        return "ws://127.0.0.1:" + server.port();
    }

    /** The next request this upstream saw, waiting a little for it. */
    public Seen nextSeen() throws InterruptedException {
        Seen next = seen.poll(5, TimeUnit.SECONDS);
        if (next == null) {
            throw new AssertionError(name + " saw no request");
        }
        return next;
    }

    /** Every request seen so far whose URI contains {@code marker}, without waiting. */
    public List<Seen> seenWith(String marker) {
        return seen.stream().filter(s -> s.uri().contains(marker)).toList();
    }

    /** Whether upgrades are refused with 503 and {@code Retry-After: 7}, as a connector at its budget does. */
    public void full(boolean refuse) {
        this.full = refuse;
    }

    /** Forgets what was seen. */
    public void clear() {
        seen.clear();
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
