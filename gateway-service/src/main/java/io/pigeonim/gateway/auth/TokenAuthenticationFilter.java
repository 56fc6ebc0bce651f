package io.pigeonim.gateway.auth;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.trust.RequestSigner;
import io.pigeonim.gateway.identity.Identity;
import io.pigeonim.gateway.identity.IdentityHeaderRewriter;
import io.pigeonim.tokenauth.BearerTokens;
import io.pigeonim.tokenauth.RejectionReason;
import io.pigeonim.tokenauth.TokenRejectedException;
import io.pigeonim.tokenauth.TokenVerifier;
import reactor.core.publisher.Mono;

/**
 * Lets a request through only with a valid JWT, and then only with the identity headers of that JWT.
 *
 * @implNote A {@link WebFilter}, not a gateway {@code GlobalFilter}: it runs before any handler, so a
 *     route or controller added later is protected by default rather than by remembering to. The token
 *     comes from {@code Authorization: Bearer}, or from {@code ?token=} on a WebSocket upgrade only
 *     (browsers cannot set headers there); a query token on plain REST would end up in access logs.
 */
public final class TokenAuthenticationFilter implements WebFilter, Ordered {

    /** Runs after the internal-path block, before everything else. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 100;
    /** The query parameter carrying the token on a WebSocket upgrade. */
    public static final String TOKEN_PARAM = BearerTokens.QUERY_PARAM;

    private static final List<String> OPEN_PATHS = List.of(
            // the filter also runs on the management port, where probes and metrics answer without a token; the
            // public port serves no /actuator/** at all (PROTOCOL.md §6): 404 there
            "/api/v1/dev/token", "/actuator", "/actuator/**",
            // offline-service's OpenAPI document and UI: public, like any API reference
            "/api/v1/sync/openapi", "/api/v1/sync/openapi/**");

    private final TokenVerifier verifier;
    private final RequestSigner signer;
    private final List<PathPattern> openPaths;
    private final BearerTokens tokens;

    /**
     * @param publicPaths path patterns served without a token besides the built-in ones (the gateway's own
     *     static pages and documents)
     */
    public TokenAuthenticationFilter(TokenVerifier verifier, RequestSigner signer, MeterRegistry meters,
            List<String> publicPaths) {
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.openPaths = Stream.concat(OPEN_PATHS.stream(), publicPaths.stream())
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        this.tokens = new BearerTokens(meters, "pigeon.gateway.tokens.rejected",
                "Requests refused with 401 before routing");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        if (isOpen(request)) {
            return chain.filter(exchange.mutate()
                    .request(request.mutate().headers(IdentityHeaderRewriter::strip).build()).build());
        }
        String token;
        try {
            token = tokenOf(request);
        } catch (TokenRejectedException rejected) {
            return reject(rejected);
        }
        if (token == null) {
            return reject(BearerTokens.missing());
        }
        return verifier.verify(token)
                .doOnError(TokenRejectedException.class, rejected -> count(rejected.reason()))
                .flatMap(verified -> {
                    Identity identity = new Identity(verified.uid(), verified.deviceId());
                    ServerWebExchange forwarded = withIdentity(exchange, identity, signer);
                    forwarded.getAttributes().put(Identity.EXPIRES_AT_ATTRIBUTE, verified.expiresAt());
                    forwarded.getAttributes().put(Identity.ATTRIBUTE, identity);
                    return chain.filter(forwarded);
                });
    }

    private Mono<Void> reject(TokenRejectedException rejected) {
        count(rejected.reason());
        return Mono.error(rejected);
    }

    private void count(RejectionReason reason) {
        tokens.rejected(reason);
    }

    private boolean isOpen(ServerHttpRequest request) {
        return openPaths.stream().anyMatch(pattern -> pattern.matches(request.getPath().pathWithinApplication()));
    }

    /** The token the request carries, {@code null} if none; a non-bearer Authorization header is invalid. */
    static String tokenOf(ServerHttpRequest request) {
        return BearerTokens.of(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION),
                isWebSocketUpgrade(request) ? request.getQueryParams().getFirst(TOKEN_PARAM) : null);
    }

    static boolean isWebSocketUpgrade(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    /** The exchange as forwarded: the verified identity, signed for this method and raw path, and no token. */
    static ServerWebExchange withIdentity(ServerWebExchange exchange, Identity identity, RequestSigner signer) {
        ServerHttpRequest request = exchange.getRequest();
        String assertion = signer.assertIdentity(identity.uid(), identity.deviceId(), request.getMethod().name(),
                request.getPath().value());
        ServerHttpRequest forwarded = request.mutate()
                .headers(headers -> IdentityHeaderRewriter.rewrite(headers, identity, assertion))
                .uri(withoutTokenParam(request.getURI()))
                .build();
        return exchange.mutate().request(forwarded).build();
    }

    /** Drops {@code token} from the query so that it does not reach the access logs of the services behind. */
    static URI withoutTokenParam(URI uri) {
        String query = uri.getRawQuery();
        if (query == null) {
            return uri;
        }
        String kept = Arrays.stream(query.split("&"))
                .filter(param -> !param.equals(TOKEN_PARAM) && !param.startsWith(TOKEN_PARAM + "="))
                .collect(Collectors.joining("&"));
        if (kept.equals(query)) {
            return uri;
        }
        String text = uri.toString();
        String beforeQuery = text.substring(0, text.indexOf('?'));
        String fragment = uri.getRawFragment() == null ? "" : "#" + uri.getRawFragment();
        return URI.create(kept.isEmpty() ? beforeQuery + fragment : beforeQuery + "?" + kept + fragment);
    }
}
