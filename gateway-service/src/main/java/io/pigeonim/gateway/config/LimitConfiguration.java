package io.pigeonim.gateway.config;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.gateway.limit.BodyLimitFilter;
import io.pigeonim.gateway.limit.PathGuardFilter;
import io.pigeonim.gateway.limit.RestRateLimitFilter;

/**
 * The limits on what a client can make the gateway do. (The {@code ServiceTrust} it signs identities with comes from
 * service-trust's auto-configuration, as in every service.)
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LimitProperties.class)
@EnableScheduling
class LimitConfiguration {

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
