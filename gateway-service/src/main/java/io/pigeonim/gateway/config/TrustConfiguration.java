package io.pigeonim.gateway.config;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.gateway.limit.BodyLimitFilter;
import io.pigeonim.gateway.limit.PathGuardFilter;
import io.pigeonim.gateway.limit.RestRateLimitFilter;

/** Wires what the gateway signs for the services behind it, and the limits on what a client can make it do. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitProperties.class)
@EnableScheduling
class TrustConfiguration {

    /** The internal key and development mode; refuses to start with the development key outside development mode. */
    @Bean
    ServiceTrust serviceTrust(Environment environment, Clock clock) {
        return ServiceTrust.from(environment::getProperty, clock);
    }

    @Bean
    PathGuardFilter pathGuardFilter() {
        return new PathGuardFilter();
    }

    @Bean
    BodyLimitFilter bodyLimitFilter(LimitProperties limits) {
        return new BodyLimitFilter(limits.maxBodyBytes());
    }

    @Bean
    RestRateLimitFilter restRateLimitFilter(LimitProperties limits, MeterRegistry meters) {
        return new RestRateLimitFilter(new RateLimiter(limits.ratePerSecond(), limits.burst(), System::nanoTime), meters);
    }

    @Bean
    IdleBucketEviction idleBucketEviction(RestRateLimitFilter restRateLimitFilter) {
        return new IdleBucketEviction(restRateLimitFilter);
    }

    /** Keeps the rate limiter's memory to the users calling right now. */
    record IdleBucketEviction(RestRateLimitFilter filter) {

        @Scheduled(fixedDelay = 10_000)
        void evict() {
            filter.evictIdle();
        }
    }
}
