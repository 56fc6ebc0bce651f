package io.pigeonim.connector.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.ws.Admission;
import io.pigeonim.connector.ws.AdmissionInterceptor;
import io.pigeonim.connector.ws.ConnectionHandler;
import io.pigeonim.connector.ws.IdentityHandshakeInterceptor;

/**
 * Registers {@code /ws} and sizes Tomcat's message buffers small: Tomcat allocates both for every
 * connection, idle or not (at the 64 KiB frame limit they were 192 KB of the 270 KB an idle connection
 * cost, docs/performance.md). Frames larger than a buffer arrive in parts, which the handler joins up to
 * the 64 KiB limit (and closes with 1009 past it).
 *
 * @implNote Any origin is allowed: identity comes from the gateway's headers (a bearer token, not a
 *     cookie), so a foreign page cannot ride on a user's credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    /** Characters (text) or bytes (binary) Tomcat buffers per part of a frame. */
    private static final int MESSAGE_BUFFER = 8 * 1024;

    private final ConnectionHandler handler;
    private final AdmissionInterceptor admission;
    private final RouteRegistry routes;
    private final int maxDevicesPerUser;

    WebSocketConfiguration(ConnectionHandler handler, Admission admission, RouteRegistry routes,
            ConnectorProperties props, MeterRegistry meters) {
        this.handler = handler;
        this.admission = new AdmissionInterceptor(admission, props.budget().retryAfter(), meters);
        this.routes = routes;
        this.maxDevicesPerUser = props.ws().maxDevicesPerUser();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(admission, new IdentityHandshakeInterceptor(routes::devices, maxDevicesPerUser))
                .setAllowedOriginPatterns("*");
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(MESSAGE_BUFFER);
        container.setMaxBinaryMessageBufferSize(MESSAGE_BUFFER);
        return container;
    }
}
