package io.pigeonim.client.transport;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** {@link ServerApi} over the JDK's {@code HttpClient}, through the gateway, with a bearer token. */
public final class HttpServerApi implements ServerApi {

    private static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient http;
    private final String base;

    public HttpServerApi(HttpClient http, URI gateway) {
        this.http = Objects.requireNonNull(http, "http");
        this.base = Objects.requireNonNull(gateway, "gateway").toString().replaceFirst("/$", "");
    }

    @Override
    public CompletableFuture<SyncPage> sync(String token, String ack, int limit) {
        String query = "limit=" + limit + (ack == null ? "" : "&ack=" + URLEncoder.encode(ack, StandardCharsets.UTF_8));
        return get(token, "/api/v1/sync?" + query, body -> new SyncPage(messages(body),
                body.path("next").isString() ? body.get("next").asString() : null, body.path("hasMore").asBoolean()));
    }

    @Override
    public CompletableFuture<List<SummaryEntry>> summary(String token) {
        return get(token, "/api/v1/sync/summary", body -> {
            List<SummaryEntry> entries = new ArrayList<>();
            for (JsonNode c : body.path("conversations")) {
                entries.add(new SummaryEntry(c.get("conversationId").asString(), c.path("maxSeq").asLong(),
                        c.path("ackSeq").asLong(), c.path("unread").asLong()));
            }
            return entries;
        });
    }

    @Override
    public CompletableFuture<HistoryPage> history(String token, String conversationId, long afterSeq, int limit) {
        // a valid conversation id ([A-Za-z0-9_.:-]) is safe in a path as it is, as the other clients send it
        String path = "/api/v1/conversations/" + ConversationId.parse(conversationId).value()
                + "/messages?afterSeq=" + afterSeq + "&limit=" + limit;
        return get(token, path, body -> new HistoryPage(messages(body), body.path("hasMore").asBoolean()));
    }

    private <T> CompletableFuture<T> get(String token, String path, Function<JsonNode, T> parse) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new ServerApiException(0, null, "GET " + path + ": " + failure, null);
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw problem("GET " + path, response);
                    }
                    return parse.apply(PigeonJson.mapper().readTree(response.body()));
                });
    }

    /** Messages in sync and history have the fields of the {@code message} frame, without its type. */
    private static List<MessageFrame> messages(JsonNode body) {
        List<MessageFrame> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            ObjectNode typed = ((ObjectNode) m).put("type", "message");
            ServerFrame frame = FrameCodec.decodeServer(typed.toString());
            messages.add((MessageFrame) frame);
        }
        return messages;
    }

    static ServerApiException problem(String call, HttpResponse<String> response) {
        String code = null;
        String detail = response.body();
        try {
            JsonNode problem = PigeonJson.mapper().readTree(response.body());
            code = problem.path("code").isString() ? problem.get("code").asString() : null;
            detail = problem.path("detail").isString() ? problem.get("detail").asString() : detail;
        } catch (RuntimeException notJson) {
            // the body stays the detail
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(HttpServerApi::seconds).orElse(null);
        return new ServerApiException(response.statusCode(), code,
                call + ": HTTP " + response.statusCode() + " " + code + " " + detail, retryAfter);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
