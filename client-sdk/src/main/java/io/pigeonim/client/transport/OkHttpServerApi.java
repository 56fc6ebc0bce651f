package io.pigeonim.client.transport;

import java.net.URI;

import okhttp3.OkHttpClient;

/**
 * {@link ServerApi} over OkHttp (Android, or a JVM app that already uses it), through the gateway, with a bearer
 * token; the same calls, answers and errors as {@link HttpServerApi}.
 */
public final class OkHttpServerApi extends RestCalls {

    public OkHttpServerApi(OkHttpClient http, URI gateway) {
        super(new OkHttpExchange(http), new GatewayAddress(gateway));
    }
}
