package io.pigeonim.message.config;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.seq.SeqClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The clock and the outbound clients: seq-service and the connectors. */
@Configuration(proxyBeanMethods = false)
class ClientsConfig {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    HttpClient internalHttpClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
    }

    @Bean
    SeqClient seqClient(HttpClient internalHttpClient, MessageProperties properties) {
        return new SeqClient(internalHttpClient, properties.seqUrl(), properties.seqTimeout());
    }

    @Bean
    PushPublisher pushPublisher(StringRedisTemplate redis, HttpClient internalHttpClient, MessageProperties properties,
            MeterRegistry meters, Clock clock) {
        return new PushPublisher(redis, internalHttpClient, properties.pushTimeout(), meters, clock);
    }
}
