package io.pigeonim.client.transport;

import java.net.URI;
import java.util.Objects;

import okhttp3.OkHttpClient;

/**
 * {@link Network} on OkHttp: the transport for Android, where {@code java.net.http} does not exist. OkHttp is an
 * optional dependency of the SDK: an app that uses this class declares {@code com.squareup.okhttp3:okhttp} itself.
 * Share one {@link OkHttpClient} across the app (and across clients) so they share its connection pool.
 */
public final class OkHttpNetwork implements Network {

    private final OkHttpClient http;

    public OkHttpNetwork(OkHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public Transport transport(URI gateway) {
        return new OkHttpTransport(http, gateway);
    }

    @Override
    public ServerApi api(URI gateway) {
        return new OkHttpServerApi(http, gateway);
    }

    @Override
    public DevTokens devTokens(URI gateway) {
        return new DevTokens(new OkHttpExchange(http), new GatewayAddress(gateway));
    }
}
