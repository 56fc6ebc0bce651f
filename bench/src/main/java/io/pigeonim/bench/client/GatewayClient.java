package io.pigeonim.bench.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;

/** The REST calls of PROTOCOL.md the bench needs (§1 dev tokens, §5 groups), through the gateway only. */
public final class GatewayClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final int RETRIES = 5;

    private final URI gateway;
    private final HttpClient http;

    public GatewayClient(URI gateway, HttpClient http) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
        this.http = Objects.requireNonNull(http, "http");
    }

    /** Fails at once, saying what to do, unless the gateway answers and hands out dev tokens. */
    public void requireReady() {
        devToken("bench-readiness", "d1");
    }

    /** A dev token for one device (PROTOCOL.md §1). */
    public String devToken(String uid, String deviceId) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("uid", uid);
        body.put("deviceId", deviceId);
        HttpResponse<String> response = post("/api/v1/dev/token", null, body);
        if (response.statusCode() == 404) {
            // PROTOCOL.md §1: the endpoint exists only while dev tokens are enabled
            throw notReady("has dev tokens off (POST /api/v1/dev/token: 404); ./pigeon up turns them on");
        }
        return field(response, 200, "token");
    }

    /** Creates a group owned by the token's user (PROTOCOL.md §5); answers its conversationId. */
    public String createGroup(String token, String name, List<String> members) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("members", members);
        return field(post("/api/v1/groups", token, body), 201, "conversationId");
    }

    private HttpResponse<String> post(String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PigeonJson.mapper().writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429 || attempt == RETRIES) {
                    return response;
                }
                // the REST limit per user (PROTOCOL.md §6): wait as told
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.max(200, seconds * 1000));
            }
        } catch (IOException e) {
            throw notReady("failed on POST " + path + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notReady("interrupted on POST " + path);
        }
    }

    private String field(HttpResponse<String> response, int expected, String name) {
        if (response.statusCode() != expected) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + ": HTTP "
                    + response.statusCode() + " (expected: " + expected + ") " + response.body());
        }
        JsonNode value = PigeonJson.mapper().readTree(response.body()).get(name);
        if (value == null || !value.isString()) {
            throw new IllegalStateException(response.uri().getPath() + ": no \"" + name + "\" in " + response.body());
        }
        return value.asString();
    }

    private GatewayNotReadyException notReady(String why) {
        return new GatewayNotReadyException("gateway " + gateway + " " + why
                + ". Start the system with ./pigeon up (or pass --gateway URL) and run again.");
    }
}
