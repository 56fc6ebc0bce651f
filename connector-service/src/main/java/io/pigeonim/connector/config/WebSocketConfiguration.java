package io.pigeonim.connector.config;

import java.time.Clock;

import org.apache.catalina.connector.Connector;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.ws.Admission;
import io.pigeonim.connector.ws.AdmissionInterceptor;
import io.pigeonim.connector.ws.ConnectionHandler;
import io.pigeonim.connector.ws.HandshakeHeadersFilter;
import io.pigeonim.connector.ws.HeaderlessUpgradeStrategy;
import io.pigeonim.connector.ws.IdentityHandshakeInterceptor;
import io.pigeonim.connector.ws.RetrySlots;
import io.pigeonim.connector.ws.TokenUpgradeFilter;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.servicetrust.OpenPaths;
import io.pigeonim.tokenauth.TokenDecoders;
import io.pigeonim.tokenauth.TokenVerifier;

/**
 * Registers {@code /ws} and sizes every buffer Tomcat allocates per connection for chat frames, not for the 64 KiB
 * limit: Tomcat allocates them all when a connection opens, idle or not, and with its defaults they were 72 KB of
 * the 80 KB of heap an idle connection cost (docs/performance.md, connections). A frame larger than a buffer still
 * passes, in parts: Tomcat reads and decodes it piecewise, hands it to the handler in parts no bigger than the
 * message buffer (which {@code FrameAssembler} joins up to the 64 KiB limit, closing with 1009 past it), and sends a
 * large outbound frame as several fragments of one message (clients and the gateway join them).
 *
 * @implNote Any origin is allowed: identity comes from the gateway's headers (a bearer token, not a
 *     cookie), so a foreign page cannot ride on a user's credentials.
 * @implNote The sizes cost CPU only for frames above them: a 16 KiB frame takes 32 reads or writes of 512 bytes
 *     instead of 2 of 8 KiB, and a push of more than 512 bytes leaves as fragments. They went from 1 KiB to 512
 *     bytes (and the text buffer to 256 characters) for issue 18's 16 KB per idle device (docs/performance.md,
 *     connections). Rejected: leaving Tomcat for Netty (ADR 0017) while Tomcat's buffers can be made this small;
 *     sizes below 512 bytes (a chat push, about 230 bytes plus its content, would be split into fragments).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class WebSocketConfiguration implements WebSocketConfigurer {

    /**
     * Characters Tomcat decodes a text frame into per part (a char[] of this size per connection, twice as many bytes;
     * default 8 Ki): a typical uplink frame (an ack, a ping, a short send) fits, a longer one arrives in parts.
     */
    static final int TEXT_MESSAGE_BUFFER = 256;
    /** Bytes of a binary frame per part: the protocol refuses binary frames, so the part size only has to count. */
    static final int BINARY_MESSAGE_BUFFER = 256;
    /**
     * Bytes of Tomcat's WebSocket frame buffers per connection: the input buffer, and the output and encoder
     * buffers of outbound frames (8 KiB each by default). A JVM-wide system property Tomcat reads once, when its
     * WebSocket classes load: set here, before the server starts, unless given on the command line. The encoder
     * buffer is the size of an outbound fragment: a {@code message} push of about 230 bytes plus its content fits
     * one up to a content of about 280 bytes; the output buffer is not used by a server (it masks nothing and does
     * not batch).
     */
    static final int FRAME_BUFFER = 512;
    static final String FRAME_BUFFER_PROPERTY = "org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE";
    /**
     * Bytes of each socket's own read and write buffers in Tomcat's NIO endpoint (8 KiB each by default). After the
     * upgrade neither carries WebSocket traffic: Tomcat reads straight into the frame input buffer whenever that
     * has this much room, and writes frames from their own buffers (a gathering write). They serve plain HTTP (the internal push calls),
     * whose request parser reads into its own buffer; a response is written in pieces of this size.
     */
    static final int SOCKET_BUFFER = 512;

    /** The longest {@code Retry-After} an upgrade refused for the rate is promised (a minute of upgrades ahead). */
    static final long RETRY_SLOTS_MAX_SECONDS = 60;

    private final ConnectionHandler handler;
    private final AdmissionInterceptor admission;
    private final RouteRegistry routes;
    private final int maxDevicesPerUser;

    WebSocketConfiguration(ConnectionHandler handler, Admission admission, RouteRegistry routes,
            ConnectorProperties props, MeterRegistry meters) {
        this.handler = handler;
        this.admission = new AdmissionInterceptor(admission, props.budget().retryAfter(),
                new RetrySlots(props.budget().upgradesPerSecond(), RETRY_SLOTS_MAX_SECONDS, System::nanoTime), meters);
        this.routes = routes;
        this.maxDevicesPerUser = props.ws().maxDevicesPerUser();
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(handler, "/ws")
                .setHandshakeHandler(new DefaultHandshakeHandler(new HeaderlessUpgradeStrategy()))
                .addInterceptors(admission, new IdentityHandshakeInterceptor(routes::devices, maxDevicesPerUser))
                .setAllowedOriginPatterns("*");
    }

    @Bean
    static ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(TEXT_MESSAGE_BUFFER);
        container.setMaxBinaryMessageBufferSize(BINARY_MESSAGE_BUFFER);
        return container;
    }

    /**
     * The upgrade of {@code /ws} sees only the headers a handshake needs (Tomcat keeps them for the connection's
     * life), and no {@code permessage-deflate}: a zlib pair per connection (see the filter).
     */
    @Bean
    static FilterRegistrationBean<HandshakeHeadersFilter> handshakeHeadersFilter() {
        FilterRegistrationBean<HandshakeHeadersFilter> registration =
                new FilterRegistrationBean<>(new HandshakeHeadersFilter());
        registration.addUrlPatterns("/ws");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 20);
        return registration;
    }

    /**
     * Token mode (devices straight from the load balancer, ADR 0017): the trust filter lets {@code /ws} through, and
     * {@link TokenUpgradeFilter} checks the client's token, or the gateway's signed identity, instead.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "pigeon.connector.ws.authentication", havingValue = "token")
    static class TokenMode {

        @Bean
        OpenPaths upgradesWithTokens() {
            return OpenPaths.of("/ws");
        }

        @Bean
        FilterRegistrationBean<TokenUpgradeFilter> tokenUpgradeFilter(ConnectorProperties props, ServiceTrust trust,
                ObjectProvider<Clock> clock, MeterRegistry meters) {
            ReactiveJwtDecoder decoder = TokenDecoders.of(props.ws().jwt(), trust.developmentMode(),
                    clock.getIfAvailable(Clock::systemUTC));
            FilterRegistrationBean<TokenUpgradeFilter> registration = new FilterRegistrationBean<>(
                    new TokenUpgradeFilter(new TokenVerifier(decoder), trust.verifier(), meters));
            registration.addUrlPatterns("/ws");
            // after the trust filter (first of all), before the handshake headers filter hides the token
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
            return registration;
        }
    }

    /** The socket buffers, and the frame buffers' system property (customizers run before Tomcat starts). */
    @Bean
    static TomcatConnectorCustomizer smallConnectionBuffers() {
        return connector -> {
            if (System.getProperty(FRAME_BUFFER_PROPERTY) == null) {
                System.setProperty(FRAME_BUFFER_PROPERTY, Integer.toString(FRAME_BUFFER));
            }
            setConnectorProperty(connector, "socket.appReadBufSize", SOCKET_BUFFER);
            setConnectorProperty(connector, "socket.appWriteBufSize", SOCKET_BUFFER);
        };
    }

    /**
     * Tomcat's socket limit ({@code maxConnections}) kept under the process's open-file limit, less half the budget's
     * file reserve: the connection budget (the open-file limit less the whole reserve) counts WebSocket sessions, but
     * every upgrade still waiting for a request thread holds a socket too. In a reconnect storm (another instance
     * died) thousands arrive within a second; with {@code max-connections} at 50,000 Tomcat accepted them all, the
     * process ran out of files ({@code EMFILE} on every accept, Kafka and Redis included) and the devices timed out
     * (docs/performance.md, connections). Past the limit, new sockets wait in the kernel's accept backlog instead.
     * Runs after Spring Boot's own customizer, which sets {@code server.tomcat.max-connections}.
     */
    @Bean
    static SocketsWithinOpenFiles socketsWithinOpenFiles(ConnectorProperties props) {
        return new SocketsWithinOpenFiles(Admission.budgetForFiles(Admission.maxFileDescriptors(),
                props.budget().fileReserve() / 2));
    }

    /** {@link #socketsWithinOpenFiles}: {@code maxConnections} lowered to {@code cap}, never raised. */
    record SocketsWithinOpenFiles(int cap)
            implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableTomcatWebServerFactory factory) {
            factory.addConnectorCustomizers(connector -> {
                Object configured = connector.getProperty("maxConnections");
                int current = configured instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
                if (current < 0 || current > cap) {
                    setConnectorProperty(connector, "maxConnections", cap);
                }
            });
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }

    private static void setConnectorProperty(Connector connector, String name, int value) {
        if (!connector.setProperty(name, Integer.toString(value))) {
            throw new IllegalStateException("Tomcat connector property " + name + " not taken (expected: a property "
                    + "of an NIO connector)");
        }
    }
}
