package io.pigeonim.message.config;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.message.push.PushPublisher;
import io.pigeonim.message.seq.SeqClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The clock and the outbound clients: seq-service and the connectors, each with its own HTTP client (connection
 * pool and threads), so that a slow connector never delays a seq allocation.
 */
@Configuration(proxyBeanMethods = false)
class ClientsConfiguration {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** The clients' internal work (reading answers, completing calls) is short: two threads each are plenty. */
    private static final int CLIENT_THREADS = 2;

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The consumer thread that stores a batch calls seq-service itself. */
    @Bean
    InternalHttp seqHttp() {
        return new InternalHttp("seq", CLIENT_THREADS, 0, CONNECT_TIMEOUT);
    }

    /** Pushes go to several connector instances in parallel, from sender threads. */
    @Bean
    InternalHttp pushHttp(MessageProperties properties) {
        return new InternalHttp("push", CLIENT_THREADS, properties.pushThreads(), CONNECT_TIMEOUT);
    }

    /** Tracing of our own work and calls, on with {@code TRACING_ENABLED} (docs/operations.md, Tracing). */
    @Bean
    Traces traces(Environment environment, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return Traces.of(environment.getProperty(Traces.ENABLED_PROPERTY, Boolean.class, false),
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    SeqClient seqClient(InternalHttp seqHttp, ServiceTrust trust, MessageProperties properties, MeterRegistry meters,
            Traces traces) {
        return new SeqClient(seqHttp.client(), trust, properties.seqUrl(), properties.seqTimeout(), meters, traces);
    }

    @Bean
    PushPublisher pushPublisher(StringRedisTemplate redis, InternalHttp pushHttp, ServiceTrust trust,
            MessageProperties properties, MeterRegistry meters, Clock clock, Traces traces) {
        return new PushPublisher(redis, pushHttp.client(), trust, pushHttp.senders(), properties.pushTimeout(), meters,
                clock, traces);
    }
}
