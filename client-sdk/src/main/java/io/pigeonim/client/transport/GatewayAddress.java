package io.pigeonim.client.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The gateway's URLs as every transport builds them: REST paths under its base, {@code /ws?token=} for the socket. */
final class GatewayAddress {

    private final String base;

    /** @param gateway the gateway's base URL, e.g. {@code http://localhost:8080} */
    GatewayAddress(URI gateway) {
        this.base = Objects.requireNonNull(gateway, "gateway").toString().replaceFirst("/$", "");
    }

    /** {@code path} (with its query) under the gateway. */
    String http(String path) {
        return base + path;
    }

    /** The WebSocket upgrade URL; the token goes in the query because browsers cannot set headers (PROTOCOL.md §1). */
    String webSocket(String token) {
        return base.replaceFirst("^http", "ws") + "/ws?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
