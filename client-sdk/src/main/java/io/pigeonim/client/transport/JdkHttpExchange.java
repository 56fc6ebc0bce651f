package io.pigeonim.client.transport;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** {@link RestExchange} on the JDK's {@code HttpClient}; the request's timeout runs until the answer's headers. */
final class JdkHttpExchange implements RestExchange {

    private final HttpClient http;

    JdkHttpExchange(HttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public CompletableFuture<Answer> send(Request request) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(request.url())).timeout(request.timeout());
        if (request.bearer() != null) {
            b.header("Authorization", "Bearer " + request.bearer());
        }
        if (request.json() != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(request.method(), request.json() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(request.json()));
        return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(response -> new Answer(
                response.statusCode(), response.body(), response.headers().firstValue("Retry-After").orElse(null)));
    }
}
