package io.pigeonim.gateway.config;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.socket.client.WebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.gateway.auth.TokenAuthenticationFilter;
import io.pigeonim.gateway.cors.CrossOriginFilter;
import io.pigeonim.gateway.devtoken.DevTokenIssuer;
import io.pigeonim.gateway.web.ProblemAdvice;
import io.pigeonim.gateway.route.ConnectorPool;
import io.pigeonim.gateway.route.InternalPathFilter;
import io.pigeonim.gateway.route.WebSocketBudget;
import io.pigeonim.gateway.route.WebSocketProxyFilter;
import io.pigeonim.gateway.site.SiteRoutes;
import io.pigeonim.tokenauth.TokenDecoders;
import io.pigeonim.tokenauth.TokenVerifier;

/** Wires CORS, authentication, dev tokens, the WebSocket proxy and the problem+json error handler. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayProperties.class)
class GatewayConfiguration {

    private static final Logger log = LoggerFactory.getLogger(GatewayConfiguration.class);
    /** The id of the {@code /ws} route in application.yml. */
    private static final String CONNECTOR_ROUTE = "connector-websocket";

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    ReactiveJwtDecoder tokenDecoder(GatewayProperties properties, ServiceTrust trust, Clock clock) {
        return TokenDecoders.of(properties.jwt(), trust.developmentMode(), clock);
    }

    @Bean
    TokenVerifier tokenVerifier(ReactiveJwtDecoder tokenDecoder) {
        return new TokenVerifier(tokenDecoder);
    }

    @Bean
    TokenAuthenticationFilter tokenAuthenticationFilter(TokenVerifier tokenVerifier, ServiceTrust trust,
            MeterRegistry meterRegistry) {
        return new TokenAuthenticationFilter(tokenVerifier, trust.signer(), meterRegistry, SiteRoutes.PUBLIC_PATHS);
    }

    @Bean
    CrossOriginFilter crossOriginFilter(GatewayProperties properties) {
        GatewayProperties.Cors cors = properties.cors();
        if (!cors.allowedOrigins().isEmpty()) {
            log.info("CORS: the REST API answers pages from {}", cors.allowedOrigins());
        }
        return new CrossOriginFilter(cors.allowedOrigins(), cors.maxAge());
    }

    @Bean
    InternalPathFilter internalPathFilter() {
        return new InternalPathFilter();
    }

    @Bean
    ConnectorPool connectorPool(GatewayProperties properties) {
        List<URI> instances = properties.connectors().stream().map(URI::create).toList();
        if (!instances.isEmpty()) {
            log.info("WebSocket upgrades balanced round-robin over {} connector instance(s): {}", instances.size(),
                    instances);
        }
        return new ConnectorPool(CONNECTOR_ROUTE, instances);
    }

    @Bean
    WebSocketProxyFilter webSocketProxyFilter(WebSocketClient webSocketClient, WebSocketService webSocketService,
            ObjectProvider<List<HttpHeadersFilter>> headersFilters, ConnectorPool connectorPool,
            WebSocketBudget webSocketBudget,
            @Value("${pigeon.gateway.websockets.retry-after:5s}") Duration retryAfter) {
        return new WebSocketProxyFilter(webSocketClient, webSocketService, headersFilters, connectorPool,
                webSocketBudget, retryAfter);
    }

    /**
     * The most WebSockets this instance proxies: {@code pigeon.gateway.websockets.max-sessions}, or (0, the default)
     * what the heap allows at 48 KB each after a 64 MB reserve (about 42 KB measured, docs/performance.md).
     */
    @Bean
    WebSocketBudget webSocketBudget(@Value("${pigeon.gateway.websockets.max-sessions:0}") int maxSessions,
            MeterRegistry meters) {
        int max = maxSessions > 0 ? maxSessions
                : WebSocketBudget.forHeap(Runtime.getRuntime().maxMemory(), 64L << 20, 48L << 10);
        log.info("WebSocket budget: {} proxied sessions{}", max, maxSessions > 0 ? "" : " (derived from the heap)");
        return new WebSocketBudget(max, meters);
    }

    @Bean
    ProblemAdvice problemExceptionHandler() {
        return new ProblemAdvice();
    }

    @Bean
    RouterFunction<ServerResponse> apiDocumentRoutes() {
        return SiteRoutes.api();
    }

    @Bean
    @ConditionalOnBooleanProperty("pigeon.gateway.demo.enabled")
    RouterFunction<ServerResponse> demoRoutes() {
        log.info("Demo enabled: the chat page at /, the API viewer at /api/v1/openapi/ui/");
        return SiteRoutes.demo();
    }

    @Bean
    @ConditionalOnBooleanProperty("pigeon.gateway.dev-tokens.enabled")
    DevTokenIssuer devTokenIssuer(GatewayProperties properties, Clock clock) {
        log.info("Development tokens enabled: POST /api/v1/dev/token (ttl {})", properties.devTokens().ttl());
        return new DevTokenIssuer(TokenDecoders.hmacKey(properties.jwt().secret()), properties.devTokens().ttl(),
                clock, properties.jwt().issuer(), properties.jwt().audience());
    }
}
