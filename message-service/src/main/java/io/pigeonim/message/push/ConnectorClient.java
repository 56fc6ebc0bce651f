package io.pigeonim.message.push;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Pattern;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;

/** {@code POST <connector>/internal/v1/push}, blocking until answered, with a short timeout. */
final class ConnectorClient {

    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");

    private final HttpClient http;
    private final ServiceTrust trust;
    private final Duration timeout;
    private final Traces traces;

    ConnectorClient(HttpClient http, ServiceTrust trust, Duration timeout, Traces traces) {
        this.http = http;
        this.traces = traces;
        this.trust = trust;
        this.timeout = timeout;
    }

    /** Returns on 200; throws otherwise. */
    void push(String baseUrl, PushRequest request) throws IOException, InterruptedException {
        URI push = URI.create(TRAILING_SLASHES.matcher(baseUrl).replaceAll("") + "/internal/v1/push");
        HttpRequest post = trust.post(push, PigeonJson.mapper().writeValueAsBytes(request))
                .timeout(timeout)
                .build();
        int status = traces.send(http, post, "/internal/v1/push", HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IOException("connector " + baseUrl + " answered " + status);
        }
    }
}
