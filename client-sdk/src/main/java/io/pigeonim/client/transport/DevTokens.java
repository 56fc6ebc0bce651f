package io.pigeonim.client.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.json.PigeonJson;

/** Development tokens ({@code POST /api/v1/dev/token}, PROTOCOL.md §1): for local runs and tests, never production. */
public final class DevTokens {

    private final HttpClient http;
    private final String base;

    public DevTokens(HttpClient http, URI gateway) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(gateway, "gateway").toString().replaceFirst("/$", "");
    }

    /** A fresh token for the device; blocks for the round trip. */
    public String token(String uid, String deviceId) {
        Ids.requireUid(uid, "uid");
        Ids.requireDeviceId(deviceId, "deviceId");
        String body = PigeonJson.mapper().writeValueAsString(Map.of("uid", uid, "deviceId", deviceId));
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/dev/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw HttpServerApi.problem("POST /api/v1/dev/token", response);
            }
            return PigeonJson.mapper().readTree(response.body()).get("token").asString();
        } catch (IOException e) {
            throw new UncheckedIOException("POST /api/v1/dev/token: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a dev token", e);
        }
    }
}
