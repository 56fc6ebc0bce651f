package io.pigeonim.message.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.seq.SeqClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.web.client.RestClient;

/**
 * The clock and the outbound clients: seq-service and the connectors, each with its own {@link InternalClient}
 * (connections and threads), so that a slow connector never delays a seq allocation.
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfiguration {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The consumer thread that stores a batch calls seq-service itself: no threads of its own. */
    @Bean(destroyMethod = "close")
    InternalClient seqHttp(RestClient.Builder restClients, ServiceTrust trust, MessageProperties properties) {
        return InternalClient.builder(restClients).name("seq").trust(trust)
                .timeouts(CONNECT_TIMEOUT, properties.seqTimeout()).build();
    }

    /** Pushes go to several connector instances in parallel, from the client's threads ({@code push-http-N}). */
    @Bean(destroyMethod = "close")
    InternalClient pushHttp(RestClient.Builder restClients, ServiceTrust trust, MessageProperties properties,
            Traces traces) {
        return InternalClient.builder(restClients).name("push").trust(trust)
                .timeouts(CONNECT_TIMEOUT, properties.pushTimeout()).threads(properties.pushThreads()).traces(traces)
                .build();
    }

    /** Tracing of our own work and calls, on with {@code TRACING_ENABLED} (docs/operations.md, Tracing). */
    @Bean
    Traces traces(Environment environment, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return Traces.of(environment.getProperty(Traces.ENABLED_PROPERTY, Boolean.class, false),
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    SeqClient seqClient(InternalClient seqHttp, MessageProperties properties, MeterRegistry meters) {
        return new SeqClient(seqHttp, properties.seqUrl(), meters);
    }

    @Bean
    PushPublisher pushPublisher(StringRedisTemplate redis, InternalClient pushHttp, MessageProperties properties,
            MeterRegistry meters, Clock clock, Traces traces) {
        return new PushPublisher(redis, pushHttp, properties.pushTimeout(), meters, clock, traces);
    }
}
