package io.pigeonim.gateway.cors;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;

/**
 * Lets pages from the configured origins call the REST API: answers the preflight {@code OPTIONS} itself,
 * before the token check (a browser never sends credentials on a preflight), and adds the CORS headers to
 * every answer, a 401 or 429 included, so that the page can read the problem document.
 *
 * @implNote A {@link WebFilter} ahead of the token filter rather than Spring Cloud Gateway's {@code globalcors}:
 *     that one runs in the route's handler mapping, after every web filter, so the token filter would answer the
 *     preflight 401 first. Credentials are never allowed: identity comes from the {@code Authorization} header
 *     alone, never from a cookie, so a page on another origin cannot act as the user without the user's token.
 *     WebSocket upgrades are not CORS requests; {@code /ws} needs its token in the query, which another page
 *     does not have.
 */
public final class CrossOriginFilter implements WebFilter, Ordered {

    /** Before the internal-path block and the token check. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 10;

    private final CorsWebFilter delegate;

    /**
     * @param allowedOrigins origin patterns ({@code *} for any); empty allows no cross-origin call
     * @param maxAge how long a browser may cache a preflight answer
     */
    public CrossOriginFilter(List<String> allowedOrigins, Duration maxAge) {
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        Objects.requireNonNull(maxAge, "maxAge");
        CorsConfiguration config = new CorsConfiguration();
        config.setAllowedOriginPatterns(allowedOrigins);
        config.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.POST.name(), HttpMethod.DELETE.name()));
        config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.ACCEPT));
        config.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.LOCATION, HttpHeaders.WWW_AUTHENTICATE));
        config.setAllowCredentials(false);
        config.setMaxAge(maxAge);
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/api/**", config);
        this.delegate = new CorsWebFilter(source);
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return delegate.filter(exchange, chain);
    }
}
