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

/** {@code POST <connector>/internal/v1/push}, blocking until answered, with a short timeout. */
final class ConnectorClient {

    private static final Pattern TRAILING_SLASHES = Pattern.compile("/+$");

    private final HttpClient http;
    private final Duration timeout;

    ConnectorClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** Returns on 200; throws otherwise. */
    void push(String baseUrl, PushRequest request) throws IOException, InterruptedException {
        HttpRequest post = HttpRequest.newBuilder(URI.create(TRAILING_SLASHES.matcher(baseUrl).replaceAll("") + "/internal/v1/push"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PigeonJson.mapper().writeValueAsBytes(request)))
                .build();
        int status = http.send(post, HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            throw new IOException("connector " + baseUrl + " answered " + status);
        }
    }
}
