package io.pigeonim.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

class CallerLogContextTest {

    @Test
    void aLineAboutAnExchangeNamesItsVerifiedCallerAndOnlyThatLine() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/ws"));
        exchange.getAttributes().put(Identity.ATTRIBUTE, new Identity("alice", "phone"));
        Map<String, String> during = new HashMap<>();
        CallerLogContext.log(exchange, () -> during.putAll(MDC.getCopyOfContextMap()));
        assertThat(during).containsEntry("uid", "alice").containsEntry("deviceId", "phone");
        assertThat(MDC.get("uid")).isNull();
        assertThat(MDC.get("deviceId")).isNull();
    }

    @Test
    void identityHeadersAClientSentNameNobody() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/ws")
                .header("X-Pigeon-Uid", "mallory").header("X-Pigeon-Device-Id", "d1"));
        Map<String, String> during = new HashMap<>();
        CallerLogContext.log(exchange, () -> {
            Map<String, String> context = MDC.getCopyOfContextMap();
            if (context != null) {
                during.putAll(context);
            }
        });
        assertThat(during).doesNotContainKeys("uid", "deviceId");
    }
}
