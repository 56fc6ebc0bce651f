package io.pigeonim.connector.ws;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;

/**
 * Takes the connection's identity from the gateway's headers, and only from them; an upgrade without
 * a valid uid and deviceId is refused with 401.
 */
public final class IdentityHandshakeInterceptor implements HandshakeInterceptor {

    static final String UID = "pigeon.uid";
    static final String DEVICE_ID = "pigeon.deviceId";

    @Override
    public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Map<String, Object> attributes) {
        String uid = request.getHeaders().getFirst(IdentityHeaders.UID);
        String deviceId = request.getHeaders().getFirst(IdentityHeaders.DEVICE_ID);
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            response.setStatusCode(HttpStatus.UNAUTHORIZED);
            return false;
        }
        attributes.put(UID, uid);
        attributes.put(DEVICE_ID, deviceId);
        return true;
    }

    @Override
    public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
            Exception exception) {
        // nothing to do
    }
}
