package io.pigeonim.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.cloud.gateway.filter.GatewayMetricsFilter;
import org.springframework.cloud.gateway.filter.headers.observation.ObservedRequestHttpHeadersFilter;
import org.springframework.context.ApplicationContext;

import io.pigeonim.testsupport.TestTokens;

/** With tracing on, the gateway observes each proxied request (its client span carries the trace on). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "pigeon.gateway.jwt.secret=" + TestTokens.SECRET, "management.tracing.export.enabled=true",
        "management.opentelemetry.tracing.export.otlp.endpoint=http://127.0.0.1:9/v1/traces"})
class GatewayTracingOnIT {

    @Autowired
    ApplicationContext context;

    @Test
    void routeObservationFollowsTheTracingSwitch() {
        assertThat(context.getBeansOfType(ObservedRequestHttpHeadersFilter.class)).hasSize(1);
        assertThat(context.getBeansOfType(GatewayMetricsFilter.class)).isEmpty();
    }
}
