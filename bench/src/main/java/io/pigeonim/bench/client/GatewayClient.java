package io.pigeonim.bench.client;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The REST calls of PROTOCOL.md the bench needs (§1 dev tokens, §4 sync, §5 groups), through the gateway only. */
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

    /** One page of {@code GET /api/v1/sync} (PROTOCOL.md §4): messages in wire form, and the token that acks them. */
    public record SyncPage(List<ServerFrame.MessageFrame> messages, String next) {
    }

    /** Reads the next page of the device's offline messages; {@code ack}, the previous page's token, acknowledges it. */
    public SyncPage sync(String token, String ack) {
        String path = "/api/v1/sync?limit=200" + (ack == null ? "" : "&ack=" + URLEncoder.encode(ack, StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = call(request, path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET /api/v1/sync: HTTP " + response.statusCode() + " (expected: 200) "
                    + response.body());
        }
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        JsonNode next = body.get("next");
        return new SyncPage(messages(body), next == null || next.isNull() ? null : next.asString());
    }

    /** One page of history (PROTOCOL.md §4), ascending: the messages after {@code afterSeq}, and whether more follow. */
    public record HistoryPage(List<ServerFrame.MessageFrame> messages, boolean hasMore) {
    }

    /** Reads up to 200 messages of a conversation after {@code afterSeq} (gap filling); never moves a cursor. */
    public HistoryPage history(String token, String conversationId, long afterSeq) {
        String path = "/api/v1/conversations/" + URLEncoder.encode(conversationId, StandardCharsets.UTF_8)
                + "/messages?limit=200&afterSeq=" + afterSeq;
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = call(request, path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + " (expected: 200) "
                    + response.body());
        }
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        return new HistoryPage(messages(body), body.path("hasMore").asBoolean(false));
    }

    /** The {@code messages} of a sync or history page: the fields of a message frame, without "type" (§4). */
    private static List<ServerFrame.MessageFrame> messages(JsonNode body) {
        List<ServerFrame.MessageFrame> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            ((ObjectNode) m).put("type", "message");
            messages.add((ServerFrame.MessageFrame) PigeonJson.mapper().treeToValue(m, ServerFrame.class));
        }
        return messages;
    }

    private HttpResponse<String> post(String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(PigeonJson.mapper().writeValueAsString(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return call(request.build(), "POST " + path);
    }

    /** Sends a request, waiting as told on 429 (the REST limit per user, PROTOCOL.md §6) a few times. */
    private HttpResponse<String> call(HttpRequest request, String what) {
        try {
            for (int attempt = 1; ; attempt++) {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 429 || attempt == RETRIES) {
                    return response;
                }
                long seconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
                Thread.sleep(Math.max(200, seconds * 1000));
            }
        } catch (IOException e) {
            throw notReady("does not answer " + what + " (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw notReady("interrupted on " + what);
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
