package io.pigeonim.servicetrust;

import java.time.Clock;

import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.common.trust.TrustFilter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * The trust boundary of every service (docs/security.md): its {@link ServiceTrust} credential for its own internal
 * calls and, in a servlet service, {@link TrustFilter} before anything else sees a request.
 *
 * <p>A service declares an {@link OpenPaths} bean only when it opens more than {@code /actuator} and {@code /error}.
 *
 * @implNote An auto-configuration in a module of its own, not a class copied into each service's {@code config}
 *     (five copies drifted apart in name only until issue 17) and not in common-lib, which holds no Spring beans and
 *     reaches the client SDK's users. It applies only where {@value ServiceTrust#KEYS_PROPERTY} is set, as every
 *     service's {@code application.yml} does; the {@code ServiceTrust} bean is refused at start-up, as before, when
 *     the public development key is used outside development mode.
 */
@AutoConfiguration
@ConditionalOnProperty(ServiceTrust.KEYS_PROPERTY)
public class TrustAutoConfiguration {

    /** Refuses to start with the development key outside development mode. */
    @Bean
    @ConditionalOnMissingBean
    ServiceTrust serviceTrust(Environment environment, ObjectProvider<Clock> clock) {
        return ServiceTrust.from(environment::getProperty, clock.getIfAvailable(Clock::systemUTC));
    }

    /** The servlet services' filter, first in the chain; the reactive gateway signs but does not verify. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(FilterRegistrationBean.class)
    static class Servlet {

        @Bean
        FilterRegistrationBean<TrustFilter> trustFilter(ServiceTrust serviceTrust, ObjectProvider<OpenPaths> open) {
            String[] extra = open.getIfAvailable(OpenPaths::of).prefixes().toArray(String[]::new);
            FilterRegistrationBean<TrustFilter> registration = new FilterRegistrationBean<>(TrustFilter.of(serviceTrust, extra));
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
