package io.pigeonim.connector.ws;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.web.server.ResponseStatusException;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.ProblemResponses;
import io.pigeonim.common.trust.RequestVerifier;
import io.pigeonim.common.trust.TrustException;
import io.pigeonim.tokenauth.BearerTokens;
import io.pigeonim.tokenauth.RejectionReason;
import io.pigeonim.tokenauth.TokenRejectedException;
import io.pigeonim.tokenauth.TokenVerifier;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;

/**
 * Authenticates the upgrade of {@code /ws} when devices reach this connector straight from the load balancer
 * (ADR 0017, {@code pigeon.connector.ws.authentication: token}): the client's own JWT, from
 * {@code Authorization: Bearer} or {@code ?token=} exactly as PROTOCOL.md §1 has it at the gateway, checked by the
 * gateway's verifier (token-auth). An upgrade the gateway proxied, with its signed identity and no token, is still
 * taken (its assertion checked as the trust filter would), so that both paths work during a move from one to the
 * other. The verified identity is left in a request attribute for {@link IdentityHandshakeInterceptor}.
 *
 * <p>Refusals, before anything of a connection exists: 401 {@code UNAUTHORIZED} with a {@code WWW-Authenticate:
 * Bearer} challenge (RFC 6750), counted by reason in {@code pigeon.connector.tokens.rejected}; 503
 * {@code UNAVAILABLE} with {@code Retry-After} when the identity provider's key set cannot be fetched (JWKS mode).
 *
 * @implNote Runs on the upgrading request's Tomcat thread and waits for the verifier: HS256 is checked in place,
 *     and a JWKS fetch (at most one per 30 s) is bounded by {@link #KEY_WAIT}. It runs before
 *     {@link HandshakeHeadersFilter}, which hides the token (header and query) from everything after it, so that
 *     Tomcat does not keep it for the connection's life.
 */
public final class TokenUpgradeFilter implements Filter {

    /** Request attribute holding the {@link VerifiedToken} of an upgrade that carried a good token. */
    static final String VERIFIED = "pigeon.connector.verifiedToken";
    /** Longest wait for the verifier (a JWKS fetch), past its own fetch timeout. */
    static final Duration KEY_WAIT = Duration.ofSeconds(6);

    private final TokenVerifier verifier;
    private final RequestVerifier gatewayIdentity;
    private final BearerTokens tokens;

    /** @param gatewayIdentity checks the identity the gateway signed on an upgrade it proxied */
    public TokenUpgradeFilter(TokenVerifier verifier, RequestVerifier gatewayIdentity, MeterRegistry meters) {
        this.verifier = verifier;
        this.gatewayIdentity = gatewayIdentity;
        this.tokens = new BearerTokens(meters, "pigeon.connector.tokens.rejected",
                "WebSocket upgrades refused with 401 at a connector reached without the gateway");
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        try {
            String token = BearerTokens.of(request.getHeader(HttpHeaders.AUTHORIZATION),
                    request.getParameter(BearerTokens.QUERY_PARAM));
            if (token != null) {
                request.setAttribute(VERIFIED, verifier.verify(token).block(KEY_WAIT));
            } else if (request.getHeader(IdentityHeaders.ASSERTION) != null) {
                fromGateway(request);
            } else {
                throw BearerTokens.missing();
            }
        } catch (TokenRejectedException rejected) {
            tokens.rejected(rejected.reason());
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                    rejected.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE));
            ProblemResponses.write(response, 401, "UNAUTHORIZED", rejected.getReason());
            return;
        } catch (TrustException refused) {
            tokens.rejected(RejectionReason.INVALID);
            ProblemResponses.write(response, 401, "UNAUTHORIZED", refused.getMessage());
            return;
        } catch (ResponseStatusException | IllegalStateException unavailable) {
            // the key source could not be used, or did not answer within KEY_WAIT: not the token's fault
            response.setHeader(HttpHeaders.RETRY_AFTER, "5");
            ProblemResponses.write(response, 503, "UNAVAILABLE", "token keys unavailable, try again later");
            return;
        }
        // outside the try: what the handshake behind throws is not a token's refusal
        chain.doFilter(request, response);
    }

    private void fromGateway(HttpServletRequest request) {
        gatewayIdentity.verifyIdentity(request.getHeader(IdentityHeaders.UID),
                request.getHeader(IdentityHeaders.DEVICE_ID), request.getHeader(IdentityHeaders.ASSERTION),
                request.getMethod(), request.getRequestURI());
    }
}
