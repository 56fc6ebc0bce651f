package io.pigeonim.gateway.route;

import org.springframework.web.reactive.socket.CloseStatus;

/**
 * Which WebSocket close code the proxy passes on: every code a peer may send, unchanged.
 *
 * @implNote Spring Cloud Gateway's own proxy turns 1012 (service restart) into 1002 (protocol
 *     error); PROTOCOL.md §3 promises clients 1012 when a connector shuts down, hence this mapping.
 */
final class CloseCodes {

    private CloseCodes() {
    }

    /** The status to send on one side after the other side closed with {@code received}. */
    static CloseStatus forward(CloseStatus received, CloseStatus whenAbnormal) {
        int code = received.getCode();
        if (isSendable(code)) {
            return received;
        }
        if (code == CloseStatus.NO_STATUS_CODE.getCode()) {
            return CloseStatus.NORMAL;
        }
        return whenAbnormal;
    }

    /** RFC 6455 §7.4: codes an endpoint may put in a close frame (1004-1006 and 1015 are reserved). */
    static boolean isSendable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
