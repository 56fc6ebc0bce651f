package io.pigeonim.gateway.config;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.pigeonim.tokenauth.TokenSettings;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

/**
 * Settings of the gateway, prefix {@code pigeon.gateway}. Routes are not here: they are the
 * {@code spring.cloud.gateway.server.webflux.routes} table in application.yml.
 *
 * @param jwt how tokens are verified
 * @param devTokens the development token endpoint
 * @param connectors base URLs of the connector instances WebSocket upgrades are balanced over
 *     ({@code CONNECTOR_URLS}, comma-separated); empty: the {@code /ws} route's own URI ({@code CONNECTOR_URL})
 * @param cors which browser origins may call the REST API (PROTOCOL.md §6)
 * @param demo the demo chat page and the API viewer (local run only)
 */
@ConfigurationProperties("pigeon.gateway")
@Validated
public record GatewayProperties(@Valid @DefaultValue TokenSettings jwt, @Valid @DefaultValue DevTokens devTokens,
        @DefaultValue List<String> connectors, @Valid @DefaultValue Cors cors, @Valid @DefaultValue Demo demo) {

    public GatewayProperties {
        connectors = connectors.stream().map(String::strip).filter(url -> !url.isEmpty()).toList();
        for (String url : connectors) {
            if (!url.matches("(?i)(http|https|ws|wss)://[^/\\s]+/?")) {
                throw new IllegalArgumentException("pigeon.gateway.connectors: '" + url
                        + "' (expected: a base URL such as http://connector-1:8081)");
            }
        }
        if (devTokens.enabled() && jwt.jwksUrl() != null) {
            throw new IllegalArgumentException("pigeon.gateway.dev-tokens.enabled: true with jwt.jwks-url "
                    + jwt.jwksUrl() + " (expected: dev tokens only in HS256 mode, the JWKS would never accept them)");
        }
    }

    /**
     * @param enabled whether {@code POST /api/v1/dev/token} exists (off unless asked for)
     * @param ttl lifetime of a development token
     */
    public record DevTokens(@DefaultValue("false") boolean enabled, @NotNull @DefaultValue("24h") Duration ttl) {
    }

    /**
     * @param allowedOrigins origins (patterns such as {@code https://*.example.com} allowed) whose pages may call
     *     the REST API; {@code *} any origin (the local run); empty: no cross-origin call at all
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(@DefaultValue List<String> allowedOrigins, @NotNull @DefaultValue("1h") Duration maxAge) {

        public Cors {
            allowedOrigins = allowedOrigins.stream().map(String::strip).filter(origin -> !origin.isEmpty()).toList();
        }
    }

    /** @param enabled whether {@code /} serves the demo chat page and {@code /api/v1/openapi/ui/} the API viewer */
    public record Demo(@DefaultValue("false") boolean enabled) {
    }
}
