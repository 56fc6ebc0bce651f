package io.pigeonim.client.transport;

import java.net.URI;
import java.net.http.HttpClient;

/** {@link ServerApi} over the JDK's {@code HttpClient}, through the gateway, with a bearer token. */
public final class HttpServerApi extends RestCalls {

    public HttpServerApi(HttpClient http, URI gateway) {
        super(new JdkHttpExchange(http), new GatewayAddress(gateway));
    }
}
