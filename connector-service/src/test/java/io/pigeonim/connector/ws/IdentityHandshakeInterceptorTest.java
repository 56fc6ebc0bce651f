package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.pigeonim.common.identity.IdentityHeaders;

class IdentityHandshakeInterceptorTest {

    private final Map<String, Set<String>> online = Map.of("alice", Set.of("phone", "laptop"));
    private final IdentityHandshakeInterceptor interceptor =
            new IdentityHandshakeInterceptor(uid -> online.getOrDefault(uid, Set.of()), 2);

    @Test
    void aNewDevicePastTheQuotaIsRefused429AndAKnownOneAlwaysPasses() throws IOException {
        MockHttpServletResponse tablet = new MockHttpServletResponse();
        assertThat(upgrade("alice", "tablet", tablet)).isFalse();
        assertThat(tablet.getStatus()).isEqualTo(429);
        assertThat(tablet.getHeader("Retry-After")).isEqualTo("60");

        assertThat(upgrade("alice", "phone", new MockHttpServletResponse())).isTrue();
        assertThat(upgrade("bob", "phone", new MockHttpServletResponse())).isTrue();
    }

    @Test
    void anUpgradeWithoutValidIdsIs401() throws IOException {
        MockHttpServletResponse response = new MockHttpServletResponse();
        assertThat(upgrade("al ice", "phone", response)).isFalse();
        assertThat(response.getStatus()).isEqualTo(401);
    }

    private boolean upgrade(String uid, String deviceId, MockHttpServletResponse response) throws IOException {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addHeader(IdentityHeaders.UID, uid);
        request.addHeader(IdentityHeaders.DEVICE_ID, deviceId);
        ServletServerHttpResponse servletResponse = new ServletServerHttpResponse(response);
        boolean accepted = interceptor.beforeHandshake(new ServletServerHttpRequest(request), servletResponse, null,
                new HashMap<>());
        servletResponse.flush();
        return accepted;
    }
}
