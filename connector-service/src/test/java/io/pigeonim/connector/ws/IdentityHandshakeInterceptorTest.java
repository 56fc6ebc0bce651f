package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;

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

    @Test
    void anUpgradeWhileTheRouteRegistryIsDownIs503WithRetryAfter() throws IOException {
        IdentityHandshakeInterceptor registryDown = new IdentityHandshakeInterceptor(uid -> {
            throw new IllegalStateException("Command timed out after 2 second(s)");
        }, 2);
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThat(upgrade(registryDown, request("alice", "phone"), response, new HashMap<>())).isFalse();

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(Integer.parseInt(response.getHeader("Retry-After"))).isBetween(1, 5);
        assertThat(response.getContentAsString()).contains("\"code\":\"UNAVAILABLE\"")
                .contains("route registry");
    }

    @Test
    void aVerifiedTokenNamesTheConnectionWhateverTheHeadersClaim() throws IOException {
        MockHttpServletRequest request = request("alice", "phone");
        Instant expiresAt = Instant.parse("2026-12-02T12:00:00Z");
        request.setAttribute(TokenUpgradeFilter.VERIFIED, new VerifiedToken("bob", "tablet", expiresAt));
        Map<String, Object> attributes = new HashMap<>();

        assertThat(upgrade(interceptor, request, new MockHttpServletResponse(), attributes)).isTrue();

        assertThat(attributes).containsEntry(IdentityHandshakeInterceptor.UID, "bob")
                .containsEntry(IdentityHandshakeInterceptor.DEVICE_ID, "tablet")
                .containsEntry(IdentityHandshakeInterceptor.EXPIRES_AT, expiresAt);
    }

    private boolean upgrade(String uid, String deviceId, MockHttpServletResponse response) throws IOException {
        return upgrade(interceptor, request(uid, deviceId), response, new HashMap<>());
    }

    private static MockHttpServletRequest request(String uid, String deviceId) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addHeader(IdentityHeaders.UID, uid);
        request.addHeader(IdentityHeaders.DEVICE_ID, deviceId);
        return request;
    }

    private static boolean upgrade(IdentityHandshakeInterceptor interceptor, MockHttpServletRequest request,
            MockHttpServletResponse response, Map<String, Object> attributes) throws IOException {
        ServletServerHttpResponse servletResponse = new ServletServerHttpResponse(response);
        boolean accepted = interceptor.beforeHandshake(new ServletServerHttpRequest(request), servletResponse, null,
                attributes);
        servletResponse.flush();
        return accepted;
    }
}
