package io.pigeonim.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/** {@link Network} on the JDK's {@code java.net.http}: the SDK's default on the JVM; not available on Android. */
public final class JdkNetwork implements Network {

    private final HttpClient http;

    public JdkNetwork(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    /** A client of its own, 10 s to connect. */
    public static JdkNetwork withDefaults() {
        return new JdkNetwork(HttpClient.newBuilder().connectTimeout(ConnectionEvents.CONNECT_TIMEOUT).build());
    }

    @Override
    public Transport transport(URI gateway) {
        return new JdkWebSocketTransport(http, gateway);
    }

    @Override
    public ServerApi api(URI gateway) {
        return new HttpServerApi(http, gateway);
    }

    @Override
    public DevTokens devTokens(URI gateway) {
        return new DevTokens(new JdkHttpExchange(http), new GatewayAddress(gateway));
    }
}
