package io.pigeonim.connector.ws;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.tokenauth.TokenVerifier.VerifiedToken;

/**
 * Takes the connection's identity from the client's token that {@link TokenUpgradeFilter} verified (devices that
 * reach the connector straight from the load balancer), else from the gateway's headers, whose signature was
 * checked before (by {@code TrustFilter}, or by {@code TokenUpgradeFilter} in token mode); an upgrade without a valid uid and deviceId is refused with 401, a new device of a
 * user who has {@code maxDevices} online already with 429, and any upgrade while the route registry does not answer
 * with 503 and a {@code Retry-After} of 1-5 s.
 *
 * @implNote The device count is the user's route hash in Redis (every instance), read once per upgrade. A device
 *     that is online already (a reconnect, a replacement) always passes, so the quota never locks a user out of
 *     their own devices; a route of a device that vanished without closing counts until it expires.
 */
public final class IdentityHandshakeInterceptor implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(IdentityHandshakeInterceptor.class);

    static final String UID = "pigeon.uid";
    static final String DEVICE_ID = "pigeon.deviceId";
    /** The {@link java.time.Instant} the client's token expires at, when it came with one: the connection closes then. */
    static final String EXPIRES_AT = "pigeon.expiresAt";

    private final Function<String, Set<String>> onlineDevices;
    private final int maxDevices;

    /** @param onlineDevices uid → the devices it has online now */
    public IdentityHandshakeInterceptor(Function<String, Set<String>> onlineDevices, int maxDevices) {
        this.onlineDevices = onlineDevices;
        this.maxDevices = maxDevices;
    }

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) throws IOException {
        VerifiedToken token = request instanceof ServletServerHttpRequest servlet
                ? (VerifiedToken) servlet.getServletRequest().getAttribute(TokenUpgradeFilter.VERIFIED) : null;
        String uid = token != null ? token.uid() : request.getHeaders().getFirst(IdentityHeaders.UID);
        String deviceId = token != null ? token.deviceId() : request.getHeaders().getFirst(IdentityHeaders.DEVICE_ID);
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        Set<String> online;
        try {
            online = onlineDevices.apply(uid);
        } catch (RuntimeException unavailable) {
            // the route registry (Redis) did not answer: a retry later, not a 500 (a reconnect storm meets this)
            log.warn("route registry unavailable, refusing an upgrade: {}", unavailable.toString());
            AdmissionInterceptor.refuseUnavailable(response, 1 + ThreadLocalRandom.current().nextInt(5),
                    "the route registry does not answer");
            return false;
        }
        if (online.size() >= maxDevices && !online.contains(deviceId)) {
            response.setStatusCode(HttpStatus.TOO_MANY_REQUESTS);
            response.getHeaders().set(HttpHeaders.RETRY_AFTER, "60");
            return false;
        }
        attributes.put(UID, uid);
        attributes.put(DEVICE_ID, deviceId);
        if (token != null) {
            attributes.put(EXPIRES_AT, token.expiresAt());
        }
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
