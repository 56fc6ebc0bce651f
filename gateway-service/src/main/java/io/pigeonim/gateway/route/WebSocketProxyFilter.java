package io.pigeonim.gateway.route;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.isAlreadyRouted;
import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.setAlreadyRouted;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;

import io.pigeonim.gateway.identity.CallerLogContext;
import io.pigeonim.gateway.identity.Identity;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Proxies a WebSocket upgrade to its route's upstream: connects upstream first, then accepts the client.
 *
 * @implNote Replaces Spring Cloud Gateway's {@code WebsocketRoutingFilter} (which it runs before) for two
 *     reasons: that filter accepts the client before it knows the upstream is up (a client then sees 101
 *     and an immediate close instead of 503), and it rewrites close code 1012 to 1002. Connecting first
 *     means an unreachable connector is an ordinary error, answered 503 problem+json by the error handler,
 *     and lets the upgrade fall through to the next instance of a {@link ConnectorPool} before that.
 */
public final class WebSocketProxyFilter implements GlobalFilter, Ordered {

    private static final Logger log = LoggerFactory.getLogger(WebSocketProxyFilter.class);
    private static final CloseStatus TOKEN_EXPIRED = CloseStatus.POLICY_VIOLATION.withReason("token expired");
    private static final Clock CLOCK = Clock.systemUTC();

    private final WebSocketClient client;
    private final WebSocketService webSocketService;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;
    private final ConnectorPool connectors;
    private final WebSocketBudget budget;
    private final Duration retryAfter;

    public WebSocketProxyFilter(WebSocketClient client, WebSocketService webSocketService,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, ConnectorPool connectors, WebSocketBudget budget,
            Duration retryAfter) {
        this.client = Objects.requireNonNull(client, "client");
        this.connectors = Objects.requireNonNull(connectors, "connectors");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.retryAfter = Objects.requireNonNull(retryAfter, "retryAfter");
        this.webSocketService = Objects.requireNonNull(webSocketService, "webSocketService");
        this.headersFilters = Objects.requireNonNull(headersFilters, "headersFilters");
    }

    @Override
    public int getOrder() {
        // before WebsocketRoutingFilter (LOWEST_PRECEDENCE - 1) and NettyRoutingFilter (LOWEST_PRECEDENCE)
        return Ordered.LOWEST_PRECEDENCE - 2;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI requestUrl = exchange.getAttribute(GATEWAY_REQUEST_URL_ATTR);
        String upgrade = exchange.getRequest().getHeaders().getUpgrade();
        if (requestUrl == null || isAlreadyRouted(exchange) || !"websocket".equalsIgnoreCase(upgrade)) {
            return chain.filter(exchange);
        }
        String scheme = webSocketScheme(requestUrl.getScheme());
        if (scheme == null) {
            return chain.filter(exchange);
        }
        setAlreadyRouted(exchange);
        if (!budget.tryAcquire()) {
            return Mono.error(atBudget());
        }
        Route route = exchange.getAttribute(GATEWAY_ROUTE_ATTR);
        List<URI> candidates = connectors.candidates(route == null ? "" : route.getId(), requestUrl);
        List<String> protocols = requestedProtocols(exchange.getRequest().getHeaders());
        // the place is held from before the upstream handshake until both legs are closed
        return connect(exchange, candidates, 0, protocols, upstreamHeaders(exchange)).doFinally(s -> budget.release());
    }

    /** 503 with {@code Retry-After}, answered as a problem by the error handler. */
    private ResponseStatusException atBudget() {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                "this gateway instance proxies its budget of " + budget.max() + " WebSockets, try again later") {
            @Override
            public HttpHeaders getHeaders() {
                return headers;
            }
        };
    }

    /**
     * Connects to {@code candidates[i]}; while no client has been accepted yet, a failure moves on to the
     * next candidate, and the last one's failure is the request's error.
     */
    private Mono<Void> connect(ServerWebExchange exchange, List<URI> candidates, int i, List<String> protocols,
            HttpHeaders headers) {
        URI candidate = candidates.get(i);
        URI upstreamUrl = UriComponentsBuilder.fromUri(candidate).scheme(webSocketScheme(candidate.getScheme()))
                .build(true).toUri();
        AtomicBoolean accepted = new AtomicBoolean();
        return client.execute(upstreamUrl, headers, new Handler(protocols, upstream -> {
                    accepted.set(true);
                    return acceptClient(exchange, protocols, upstream);
                }))
                .onErrorResume(failure -> !accepted.get() && i + 1 < candidates.size(), failure -> {
                    CallerLogContext.log(exchange, () -> log.warn("connector {} refused a WebSocket upgrade ({}), "
                            + "trying the next one", upstreamUrl.getAuthority(), failure.toString()));
                    return connect(exchange, candidates, i + 1, protocols, headers);
                });
    }

    /** Upgrades the client's request and bridges it to {@code upstream}; completes when the bridge ends. */
    private Mono<Void> acceptClient(ServerWebExchange exchange, List<String> protocols, WebSocketSession upstream) {
        // handleRequest completes once the handshake is done, not when the session ends; the upstream
        // session must stay open until the bridge is over
        Sinks.Empty<Void> bridged = Sinks.empty();
        Instant expiresAt = exchange.getAttribute(Identity.EXPIRES_AT_ATTRIBUTE);
        return webSocketService.handleRequest(exchange, new Handler(protocols,
                        downstream -> closingAt(expiresAt, downstream, bridge(downstream, upstream))
                                .doFinally(signal -> bridged.tryEmitEmpty())))
                .then(bridged.asMono());
    }

    /**
     * Runs {@code bridge}, closing the client's side with 1008 {@code token expired} when its token expires (the
     * bridge then closes the connector's side too): a connection lives no longer than the token that opened it.
     */
    private static Mono<Void> closingAt(Instant expiresAt, WebSocketSession downstream, Mono<Void> bridge) {
        if (expiresAt == null) {
            return bridge;
        }
        Duration left = Duration.between(CLOCK.instant(), expiresAt);
        // the bridge's end cancels the timer, never the close it started: a close cancelled in flight releases its
        // frame before the event loop writes it, and the client sees 1006 instead of 1008 (the close makes
        // closeStatus() emit at once, so the bridge may end before the frame is out)
        return Mono.using(() -> Mono.delay(left.isNegative() ? Duration.ZERO : left)
                        .subscribe(tick -> downstream.close(TOKEN_EXPIRED).onErrorComplete().subscribe()),
                timer -> bridge, Disposable::dispose);
    }

    private static String webSocketScheme(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> null;
        };
    }

    private HttpHeaders upstreamHeaders(ServerWebExchange exchange) {
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(List::of), exchange);
        HttpHeaders headers = new HttpHeaders();
        for (Map.Entry<String, List<String>> header : filtered.headerSet()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            // the WebSocket client writes its own handshake headers and the upstream's Host
            if (!name.startsWith("sec-websocket") && !name.equals("host")) {
                headers.addAll(header.getKey(), header.getValue());
            }
        }
        return headers;
    }

    private static List<String> requestedProtocols(HttpHeaders headers) {
        List<String> values = headers.get("Sec-WebSocket-Protocol");
        if (values == null) {
            return List.of();
        }
        return values.stream().flatMap(value -> List.of(StringUtils.tokenizeToStringArray(value, ",")).stream()).toList();
    }

    /**
     * Copies frames both ways until one side closes, then closes the other side with the same code.
     *
     * @implNote The bridge ends once both sides have closed (the close handshake is done), never on the end
     *     of a frame stream: ending earlier lets the server tear the connection down before the forwarded
     *     close frame is out, and the client sees 1005 or 1006 instead of, say, 1012.
     */
    private static Mono<Void> bridge(WebSocketSession downstream, WebSocketSession upstream) {
        Mono<Void> pumps = Mono.when(
                        upstream.send(downstream.receive().doOnNext(WebSocketMessage::retain)).onErrorComplete(),
                        downstream.send(upstream.receive().doOnNext(WebSocketMessage::retain)).onErrorComplete())
                .then(Mono.never());
        Mono<Void> upstreamClosed = upstream.closeStatus().defaultIfEmpty(CloseStatus.NO_CLOSE_FRAME)
                .flatMap(status -> downstream.close(CloseCodes.forward(status, CloseStatus.SERVER_ERROR)))
                .onErrorComplete();
        Mono<Void> downstreamClosed = downstream.closeStatus().defaultIfEmpty(CloseStatus.NO_CLOSE_FRAME)
                .flatMap(status -> upstream.close(CloseCodes.forward(status, CloseStatus.GOING_AWAY)))
                .onErrorComplete();
        return Mono.firstWithSignal(pumps, Mono.when(upstreamClosed, downstreamClosed));
    }

    /** A {@link WebSocketHandler} from a function, offering the client's subprotocols on both legs. */
    private record Handler(List<String> protocols, Function<WebSocketSession, Mono<Void>> body)
            implements WebSocketHandler {

        @Override
        public List<String> getSubProtocols() {
            return protocols;
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            return body.apply(session);
        }
    }
}
