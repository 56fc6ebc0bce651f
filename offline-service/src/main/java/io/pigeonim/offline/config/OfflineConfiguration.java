package io.pigeonim.offline.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.Secrets;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.offline.ack.CursorClient;
import io.pigeonim.offline.api.CallerArgumentResolver;
import io.pigeonim.offline.sync.SyncTokenCodec;

/** The beans feature packages need and cannot build themselves: clock, token codec, message-service client, identity. */
@Configuration(proxyBeanMethods = false)
class OfflineConfiguration implements WebMvcConfigurer {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SyncTokenCodec syncTokenCodec(OfflineProperties properties, ServiceTrust trust, Clock clock) {
        String secret = Secrets.require("SYNC_TOKEN_SECRET", properties.tokenSecret(), trust.developmentMode());
        return new SyncTokenCodec(secret.getBytes(StandardCharsets.UTF_8), properties.tokenMaxAge(), clock);
    }

    /**
     * The client of message-service: blocking calls on the request's own thread, over kept-alive connections.
     *
     * @implNote Not the JDK {@code HttpClient} ({@code JdkClientHttpRequestFactory}): Spring calls its
     *     {@code sendAsync}, whose future the JDK completes through {@code CompletableFuture}'s default executor, and on
     *     a machine with fewer than 3 CPUs that starts a new thread per call whatever executor the client is given.
     *     {@code HttpURLConnection} reads the answer on the calling thread, reuses idle connections (JDK keep-alive
     *     cache) and starts no thread per call. It sends a POST again once when a kept-alive connection turns out to be
     *     closed: harmless here, acknowledgements are cumulative.
     */
    @Bean
    CursorClient cursorClient(OfflineProperties properties, RestClient.Builder restClients, ServiceTrust trust) {
        SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(properties.ackConnectTimeout());
        factory.setReadTimeout(properties.ackReadTimeout());
        // Boot's builder: the calls are timed (http.client.requests) and carry the trace context
        return new CursorClient(restClients
                .baseUrl(properties.messageUrl().toString())
                .requestFactory(factory)
                .requestInterceptor((request, body, execution) -> {
                    request.getHeaders().set(IdentityHeaders.SERVICE,
                            trust.serviceToken(request.getMethod().name(), request.getURI().getRawPath(), body));
                    return execution.execute(request, body);
                })
                .build());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
