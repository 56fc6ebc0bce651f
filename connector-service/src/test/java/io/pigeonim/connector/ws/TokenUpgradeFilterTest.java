package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pigeonim.common.trust.RequestVerifier;
import io.pigeonim.testsupport.TestTokens;
import io.pigeonim.testsupport.TestTrust;
import io.pigeonim.tokenauth.TokenDecoders;
import io.pigeonim.tokenauth.TokenVerifier;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;
import reactor.core.publisher.Mono;

class TokenUpgradeFilterTest {

    private final AtomicInteger passed = new AtomicInteger();
    private final FilterChain counting = (req, res) -> passed.incrementAndGet();

    private static TokenUpgradeFilter filter(TokenVerifier verifier) {
        return new TokenUpgradeFilter(verifier, new RequestVerifier(TestTrust.KEYS, Clock.systemUTC()),
                new SimpleMeterRegistry());
    }

    @Test
    void aGoodTokenPassesWithItsIdentityForTheHandshake() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addParameter("token", TestTokens.signed("alice", "phone", Instant.now().plusSeconds(60)));

        filter(new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, Clock.systemUTC(), Duration.ZERO)))
                .doFilter(request, new MockHttpServletResponse(), counting);

        assertThat(passed).hasValue(1);
        assertThat((VerifiedToken) request.getAttribute(TokenUpgradeFilter.VERIFIED))
                .extracting(VerifiedToken::uid, VerifiedToken::deviceId).containsExactly("alice", "phone");
    }

    @Test
    void anIdentityProviderThatCannotBeReachedIs503NotA401() throws Exception {
        TokenVerifier unreachable = new TokenVerifier(TokenDecoders.jwks(
                () -> Mono.error(new java.net.ConnectException("connection refused")), "https://idp.example", "pigeon",
                Clock.systemUTC(), Duration.ZERO));
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addParameter("token", rs256LookingToken());
        MockHttpServletResponse response = new MockHttpServletResponse();

        filter(unreachable).doFilter(request, response, counting);

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        assertThat(response.getContentAsString()).contains("\"code\":\"UNAVAILABLE\"");
        assertThat(passed).hasValue(0);
    }

    @Test
    void whatTheHandshakeBehindThrowsIsNotTurnedIntoARefusal() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/ws");
        request.addParameter("token", TestTokens.signed("alice", "phone", Instant.now().plusSeconds(60)));
        FilterChain failing = (req, res) -> {
            throw new IllegalStateException("a bug behind the filter");
        };

        assertThatThrownBy(() -> filter(new TokenVerifier(TokenDecoders.hs256(TestTokens.SECRET, Clock.systemUTC(),
                Duration.ZERO))).doFilter(request, new MockHttpServletResponse(), failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("a bug behind the filter");
    }

    /** A well-formed RS256 header and claims (the signature is never reached: the key set cannot be fetched). */
    private static String rs256LookingToken() {
        java.util.Base64.Encoder b64 = java.util.Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"RS256\",\"kid\":\"k1\"}".getBytes());
        String claims = b64.encodeToString(("{\"sub\":\"alice\",\"did\":\"phone\",\"exp\":"
                + (Instant.now().getEpochSecond() + 60) + "}").getBytes());
        return header + "." + claims + "." + b64.encodeToString(new byte[256]);
    }
}
