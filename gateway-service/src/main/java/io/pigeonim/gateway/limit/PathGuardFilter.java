package io.pigeonim.gateway.limit;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import io.pigeonim.common.trust.PathRules;
import reactor.core.publisher.Mono;

/**
 * Answers 400 {@code BAD_REQUEST} to a path with tricks ({@code ..}, {@code %2e}, {@code ;}, {@code //}, encoded
 * slashes) before anything routes or authorizes on it.
 *
 * @implNote Refused, not normalized: the gateway's router, Netty and each service's Tomcat each have their own idea
 *     of what {@code /api/v1/groups/..;/internal} means; refusing every such path leaves nothing to disagree on.
 *     The services apply the same {@link PathRules} again.
 */
public final class PathGuardFilter implements WebFilter, Ordered {

    @Override
    public int getOrder() {
        // before the internal-path block (HIGHEST_PRECEDENCE + 50) and authentication
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String rawPath = exchange.getRequest().getPath().value();
        if (!PathRules.isPlain(rawPath)) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "path: not a plain path (expected: no '..', '.', '//', ';', encoded dots or slashes)"));
        }
        return chain.filter(exchange);
    }
}
