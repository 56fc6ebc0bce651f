package io.pigeonim.gateway.route;

import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import reactor.core.publisher.Mono;

/**
 * Answers 404 to {@code /internal/**} from outside, token or not, before anything else looks at it.
 *
 * @implNote No route matches these paths anyway; this filter makes the answer the same 404 for
 *     everyone (not 401 first), so the edge does not even reveal that the path needs a token.
 */
public final class InternalPathFilter implements WebFilter, Ordered {

    private static final PathPattern INTERNAL = PathPatternParser.defaultInstance.parse("/internal/**");

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 50;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (INTERNAL.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND,
                    "no route for " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath()));
        }
        return chain.filter(exchange);
    }
}
