package io.pigeonim.offline.config;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import io.pigeonim.offline.ack.CursorClient;
import io.pigeonim.offline.api.CallerArgumentResolver;
import io.pigeonim.offline.sync.SyncTokenCodec;

/** The beans feature packages need and cannot build themselves: clock, token codec, message-service client, identity. */
@Configuration(proxyBeanMethods = false)
class OfflineConfig implements WebMvcConfigurer {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    SyncTokenCodec syncTokenCodec(OfflineProperties properties, Clock clock) {
        return new SyncTokenCodec(properties.tokenSecret().getBytes(StandardCharsets.UTF_8), properties.tokenMaxAge(), clock);
    }

    @Bean
    CursorClient cursorClient(OfflineProperties properties) {
        HttpClient http = HttpClient.newBuilder()
                .connectTimeout(properties.ackConnectTimeout())
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(properties.ackReadTimeout());
        return new CursorClient(RestClient.builder()
                .baseUrl(properties.messageUrl().toString())
                .requestFactory(factory)
                .build());
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }
}
