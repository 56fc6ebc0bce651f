package io.pigeonim.tokenauth;

import java.util.EnumMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where a client's token is on a request (PROTOCOL.md §1), and the count of refusals by reason: the same rules at
 * the gateway and at a connector reached straight from the load balancer.
 */
public final class BearerTokens {

    /** The query parameter carrying the token on a WebSocket upgrade (browsers cannot set headers there). */
    public static final String QUERY_PARAM = "token";
    private static final String BEARER = "Bearer ";

    private final Map<RejectionReason, Counter> rejections = new EnumMap<>(RejectionReason.class);

    /** @param meterName {@code <service>.tokens.rejected}, one counter per {@link RejectionReason#tag()} */
    public BearerTokens(MeterRegistry meters, String meterName, String description) {
        for (RejectionReason reason : RejectionReason.values()) {
            rejections.put(reason, Counter.builder(meterName).description(description).tag("reason", reason.tag())
                    .register(meters));
        }
    }

    /** Counts one refusal. */
    public void rejected(RejectionReason reason) {
        rejections.get(reason).increment();
    }

    /**
     * The token a request carries, {@code null} if none: from {@code Authorization: Bearer}, else the query's
     * {@code token} (pass {@code null} where a query token is not taken: on plain REST it would end up in access
     * logs).
     *
     * @throws TokenRejectedException when the Authorization header is there but not a bearer token
     */
    public static String of(String authorization, String queryToken) {
        if (authorization != null) {
            boolean bearer = authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
            String token = bearer ? authorization.substring(BEARER.length()).trim() : "";
            if (token.isEmpty()) {
                throw new TokenRejectedException(RejectionReason.INVALID,
                        "Authorization: not a bearer token (expected: Bearer <jwt>)");
            }
            return token;
        }
        return queryToken == null || queryToken.isBlank() ? null : queryToken;
    }

    /** The refusal of a request without any token. */
    public static TokenRejectedException missing() {
        return new TokenRejectedException(RejectionReason.MISSING,
                "no token (expected: Authorization: Bearer <jwt>, or ?token=<jwt> on the WebSocket upgrade)");
    }
}
