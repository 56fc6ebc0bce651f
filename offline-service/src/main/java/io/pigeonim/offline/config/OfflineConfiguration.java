package io.pigeonim.offline.config;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.pigeonim.common.http.InternalClient;
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

    /** The client of message-service: blocking calls on the request's own thread (common-lib's InternalClient). */
    @Bean(destroyMethod = "close")
    InternalClient messageHttp(OfflineProperties properties, RestClient.Builder restClients, ServiceTrust trust) {
        return InternalClient.builder(restClients).name("message").trust(trust)
                .timeouts(properties.ackConnectTimeout(), properties.ackReadTimeout()).build();
    }

    @Bean
    CursorClient cursorClient(InternalClient messageHttp, OfflineProperties properties) {
        return new CursorClient(messageHttp, properties.messageUrl().toString());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
