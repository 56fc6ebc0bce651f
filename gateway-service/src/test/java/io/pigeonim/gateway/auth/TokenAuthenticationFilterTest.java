package io.pigeonim.gateway.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.ServerWebExchange;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.RequestSigner;
import io.pigeonim.common.trust.RequestVerifier;
import io.pigeonim.common.trust.TrustKeys;
import io.pigeonim.gateway.identity.Identity;
import io.pigeonim.tokenauth.RejectionReason;
import io.pigeonim.tokenauth.TokenRejectedException;

class TokenAuthenticationFilterTest {

    @Test
    void bearerHeaderCarriesTheToken() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/sync")
                .header(HttpHeaders.AUTHORIZATION, "bearer abc.def.ghi").build();

        assertThat(TokenAuthenticationFilter.tokenOf(request)).isEqualTo("abc.def.ghi");
    }

    @Test
    void nonBearerAuthorizationIsInvalid() {
        MockServerHttpRequest request = MockServerHttpRequest.get("/api/v1/sync")
                .header(HttpHeaders.AUTHORIZATION, "Basic YWxpY2U6cHc=").build();

        assertThatThrownBy(() -> TokenAuthenticationFilter.tokenOf(request))
                .isInstanceOfSatisfying(TokenRejectedException.class,
                        rejected -> assertThat(rejected.reason()).isEqualTo(RejectionReason.INVALID));
    }

    @Test
    void queryTokenCountsOnlyOnAWebSocketUpgrade() {
        MockServerHttpRequest upgrade = MockServerHttpRequest.get("/ws?token=abc").header("Upgrade", "websocket").build();
        MockServerHttpRequest rest = MockServerHttpRequest.get("/api/v1/sync?token=abc").build();

        assertThat(TokenAuthenticationFilter.tokenOf(upgrade)).isEqualTo("abc");
        assertThat(TokenAuthenticationFilter.tokenOf(rest)).isNull();
    }

    @Test
    void forwardedRequestCarriesOnlyTheVerifiedIdentity() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/ws?a=1&token=abc&b=2")
                .header(HttpHeaders.AUTHORIZATION, "Bearer abc")
                .header("X-Pigeon-Uid", "mallory")
                .header("x-pigeon-device-id", "stolen")
                .header("X-PIGEON-Admin", "true")
                .header("X-Other", "kept"));

        TrustKeys keys = TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC);
        ServerWebExchange forwarded = TokenAuthenticationFilter.withIdentity(exchange, new Identity("alice", "d1"),
                new RequestSigner(keys, Clock.systemUTC(), RequestSigner.DEFAULT_TTL));

        HttpHeaders headers = forwarded.getRequest().getHeaders();
        assertThat(headers.get("X-Pigeon-Uid")).containsExactly("alice");
        assertThat(headers.get("X-Pigeon-Device-Id")).containsExactly("d1");
        assertThat(headers.containsHeader("X-Pigeon-Admin")).isFalse();
        new RequestVerifier(keys, Clock.systemUTC()).verifyIdentity("alice", "d1",
                headers.getFirst(IdentityHeaders.ASSERTION), "GET", "/ws");
        assertThat(headers.containsHeader(HttpHeaders.AUTHORIZATION)).isFalse();
        assertThat(headers.getFirst("X-Other")).isEqualTo("kept");
        assertThat(forwarded.getRequest().getURI().getRawQuery()).isEqualTo("a=1&b=2");
    }

    @Test
    void tokenParamIsRemovedFromTheQuery() {
        assertThat(TokenAuthenticationFilter.withoutTokenParam(URI.create("http://h/ws?token=abc")))
                .isEqualTo(URI.create("http://h/ws"));
        assertThat(TokenAuthenticationFilter.withoutTokenParam(URI.create("http://h/ws?x=%20y&token=abc")))
                .isEqualTo(URI.create("http://h/ws?x=%20y"));
        assertThat(TokenAuthenticationFilter.withoutTokenParam(URI.create("http://h/ws?tokens=1")))
                .isEqualTo(URI.create("http://h/ws?tokens=1"));
    }
}
