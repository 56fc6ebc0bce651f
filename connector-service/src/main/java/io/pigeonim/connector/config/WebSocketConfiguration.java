package io.pigeonim.connector.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;

import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.connector.ws.ConnectionHandler;
import io.pigeonim.connector.ws.IdentityHandshakeInterceptor;

/**
 * Registers {@code /ws} and sizes Tomcat's message buffers to the 64 KiB frame limit, so a bigger
 * text frame is closed with 1009 by the container itself before it is buffered whole.
 *
 * @implNote Any origin is allowed: identity comes from the gateway's headers (a bearer token, not a
 *     cookie), so a foreign page cannot ride on a user's credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    private final ConnectionHandler handler;

    WebSocketConfiguration(ConnectionHandler handler) {
        this.handler = handler;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .addInterceptors(new IdentityHandshakeInterceptor())
                .setAllowedOriginPatterns("*");
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(FrameLimits.MAX_FRAME_BYTES);
        container.setMaxBinaryMessageBufferSize(FrameLimits.MAX_FRAME_BYTES);
        return container;
    }
}
