package io.pigeonim.message.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;

/** {@code POST <connector>/internal/v1/push}, asynchronously, with a short timeout. */
final class ConnectorClient {

    private final HttpClient http;
    private final Duration timeout;

    ConnectorClient(HttpClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** Completes normally on 200, exceptionally otherwise. */
    CompletableFuture<Void> push(String baseUrl, PushRequest request) {
        HttpRequest post = HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/internal/v1/push"))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(PigeonJson.mapper().writeValueAsBytes(request)))
                .build();
        return http.sendAsync(post, HttpResponse.BodyHandlers.discarding()).thenAccept(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("connector " + baseUrl + " answered " + response.statusCode());
            }
        });
    }
}
