package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.pigeonim.common.identity.IdentityHeaders;

class HandshakeHeadersFilterTest {

    @Test
    void theUpgradeSeesOnlyWhatAHandshakeNeeds() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.setQueryString("token=abc.def.ghi");
        request.addParameter("token", "abc.def.ghi");
        request.addHeader("Authorization", "Bearer abc.def.ghi");
        request.addHeader("Host", "connector:8081");
        request.addHeader("Upgrade", "websocket");
        request.addHeader("Connection", "Upgrade");
        request.addHeader("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        request.addHeader("Sec-WebSocket-Version", "13");
        request.addHeader("Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits");
        request.addHeader("Origin", "https://app.example");
        request.addHeader("User-Agent", "Mozilla/5.0 (a long browser string)");
        request.addHeader("Cookie", "session=abc");
        request.addHeader("X-Forwarded-For", "10.0.0.1");
        request.addHeader(IdentityHeaders.UID, "alice");
        request.addHeader(IdentityHeaders.DEVICE_ID, "phone");
        request.addHeader(IdentityHeaders.ASSERTION, "v1.signed-by-the-gateway");

        HttpServletRequest seen = filtered(request);

        assertThat(Collections.list(seen.getHeaderNames())).containsExactlyInAnyOrder("Host", "Upgrade", "Connection",
                "Sec-WebSocket-Key", "Sec-WebSocket-Version", "Origin", IdentityHeaders.UID, IdentityHeaders.DEVICE_ID);
        assertThat(seen.getHeader("sec-websocket-key")).isEqualTo("dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(seen.getHeader("x-pigeon-uid")).isEqualTo("alice");
        assertThat(seen.getHeader("Sec-WebSocket-Extensions")).isNull();
        assertThat(Collections.list(seen.getHeaders("Sec-WebSocket-Extensions"))).isEmpty();
        assertThat(seen.getHeader("User-Agent")).isNull();
        assertThat(seen.getHeader(IdentityHeaders.ASSERTION)).isNull();
        assertThat(seen.getIntHeader("X-Forwarded-For")).isEqualTo(-1);
        // the token, read before by TokenUpgradeFilter, is not kept for the connection's life
        assertThat(seen.getHeader("Authorization")).isNull();
        assertThat(seen.getQueryString()).isNull();
        assertThat(seen.getParameter("token")).isNull();
        assertThat(seen.getParameterMap()).isEmpty();
        // what Spring builds its handshake from is the same view
        assertThat(new ServletServerHttpRequest(seen).getHeaders().headerNames()).hasSize(8);
        assertThat(new ServletServerHttpRequest(seen).getURI().getQuery()).isNull();
    }

    private static HttpServletRequest filtered(MockHttpServletRequest request) throws Exception {
        AtomicReference<HttpServletRequest> seen = new AtomicReference<>();
        new HandshakeHeadersFilter().doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set((HttpServletRequest) req));
        return seen.get();
    }
}
