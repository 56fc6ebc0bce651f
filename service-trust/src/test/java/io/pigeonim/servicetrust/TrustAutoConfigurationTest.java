package io.pigeonim.servicetrust;

import static org.assertj.core.api.Assertions.assertThat;

import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.common.trust.TrustFilter;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.core.Ordered;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class TrustAutoConfigurationTest {

    private static final String[] SERVICE = {"spring.application.name=offline-service",
            "pigeon.development-mode=true", "pigeon.internal-keys=dev:dev-only-pigeon-internal-signing-key"};

    private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TrustAutoConfiguration.class));

    @Test
    void aServletServiceGetsItsCredentialAndTheFilterFirst() {
        servlet.withPropertyValues(SERVICE).run(context -> {
            assertThat(context.getBean(ServiceTrust.class).caller()).isEqualTo("offline-service");
            FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
            assertThat(registration.getFilter()).isInstanceOf(TrustFilter.class);
            assertThat(registration.getOrder()).isEqualTo(Ordered.HIGHEST_PRECEDENCE);
            assertThat(status(registration, "/actuator/health")).isEqualTo(200);
            assertThat(status(registration, "/api/v1/sync/openapi")).isEqualTo(401);
        });
    }

    @Test
    void aServiceOpensOnlyThePathsItDeclares() {
        servlet.withPropertyValues(SERVICE).withBean(OpenPaths.class, () -> OpenPaths.of("/api/v1/sync/openapi"))
                .run(context -> {
                    FilterRegistrationBean<?> registration = context.getBean(FilterRegistrationBean.class);
                    assertThat(status(registration, "/api/v1/sync/openapi/swagger-ui")).isEqualTo(200);
                    assertThat(status(registration, "/api/v1/sync")).isEqualTo(401);
                    assertThat(status(registration, "/internal/v1/acks")).isEqualTo(401);
                });
    }

    @Test
    void theReactiveGatewayGetsTheCredentialOnly() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TrustAutoConfiguration.class))
                .withPropertyValues(SERVICE).run(context -> {
                    assertThat(context).hasSingleBean(ServiceTrust.class);
                    assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
                });
    }

    @Test
    void theDevelopmentKeyOutsideDevelopmentModeStopsTheStart() {
        servlet.withPropertyValues(SERVICE).withPropertyValues("pigeon.development-mode=false")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void anApplicationWithoutInternalKeysIsNoService() {
        // a Spring application that uses the client SDK, say: nothing of this applies to it
        servlet.run(context -> {
            assertThat(context).doesNotHaveBean(ServiceTrust.class);
            assertThat(context).doesNotHaveBean(FilterRegistrationBean.class);
        });
    }

    private static int status(FilterRegistrationBean<?> registration, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        registration.getFilter().doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }
}
