package io.pigeonim.offline.it;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestTrust;

import tools.jackson.databind.JsonNode;

/** A mobile app's REST calls, as they arrive behind the gateway. */
final class Client {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final String base;
    private final String uid;
    private final String deviceId;
    int requests;

    Client(String base, String uid, String deviceId) {
        this.base = base;
        this.uid = uid;
        this.deviceId = deviceId;
    }

    /** The answer to one call. */
    record Answer(int status, String contentType, JsonNode body) {

        String code() {
            return body.path("code").asString();
        }

        List<String> messageKeys() {
            List<String> keys = new ArrayList<>();
            body.path("messages").forEach(m -> keys.add(m.path("conversationId").asString() + "#" + m.path("seq").asLong()));
            return keys;
        }
    }

    Answer sync(Integer limit, String ack) {
        StringBuilder query = new StringBuilder();
        if (limit != null) {
            query.append("limit=").append(limit);
        }
        if (ack != null) {
            query.append(query.length() > 0 ? "&" : "").append("ack=").append(URLEncoder.encode(ack, StandardCharsets.UTF_8));
        }
        return get("/api/v1/sync" + (query.length() > 0 ? "?" + query : ""));
    }

    Answer get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET());
    }

    Answer post(String path, String json) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    String text(String pathAndQuery) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Answer anonymous(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET(), false);
    }

    private Answer send(HttpRequest.Builder request) {
        return send(request, true);
    }

    private Answer send(HttpRequest.Builder request, boolean identified) {
        if (identified) {
            HttpRequest unsigned = request.build();
            TestTrust.identity(uid, deviceId, unsigned.method(), unsigned.uri().getRawPath()).forEach(request::header);
        }
        try {
            requests++;
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body().isEmpty() || !contentType.contains("json") ? PigeonJson.mapper().nullNode()
                    : PigeonJson.mapper().readTree(response.body());
            return new Answer(response.statusCode(), contentType, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
