package io.pigeonim.seq.config;

import java.time.Clock;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.common.trust.TrustFilter;

/**
 * The trust boundary of seq-service (docs/security.md): every request passes {@link TrustFilter} first, and this
 * service's own internal calls carry its {@link ServiceTrust} credential.
 */
@Configuration(proxyBeanMethods = false)
class TrustConfiguration {

    /** Refuses to start with the development key outside development mode. */
    @Bean
    ServiceTrust serviceTrust(Environment environment, Clock clock) {
        return ServiceTrust.from(environment::getProperty, clock);
    }

    @Bean
    FilterRegistrationBean<TrustFilter> trustFilter(ServiceTrust serviceTrust) {
        FilterRegistrationBean<TrustFilter> registration = new FilterRegistrationBean<>(TrustFilter.of(serviceTrust));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}
