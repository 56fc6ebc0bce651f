package io.pigeonim.client.transport;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;

/**
 * The REST calls of {@link ServerApi} on any {@link RestExchange}: the paths and queries of PROTOCOL.md §4, how
 * pages are read, and how an error answer becomes a {@link ServerApiException} (problem+json {@code code},
 * {@code Retry-After}). {@link HttpServerApi} and {@link OkHttpServerApi} only choose the HTTP client.
 *
 * @implNote A base class rather than a field each implementation delegates to: the two public classes would
 *     otherwise repeat the same three forwarding methods.
 */
abstract class RestCalls implements ServerApi {

    /** How long one REST call may take before it counts as unanswered (retriable). */
    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private final RestExchange exchange;
    private final GatewayAddress gateway;

    RestCalls(RestExchange exchange, GatewayAddress gateway) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
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
        String call = "GET " + path;
        return exchange.send(RestExchange.Request.get(gateway.http(path), token, TIMEOUT))
                .handle((answer, failure) -> {
                    if (failure != null) {
                        throw new ServerApiException(0, null, call + ": " + Failures.unwrap(failure), null);
                    }
                    if (answer.status() / 100 != 2) {
                        throw problem(call, answer);
                    }
                    return parse.apply(PigeonJson.mapper().readTree(answer.body()));
                });
    }

    /** Messages in sync and history are the stored messages that {@code message} frames carry, without a type. */
    private static List<MessageFrame> messages(JsonNode body) {
        List<MessageFrame> messages = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            messages.add(PigeonJson.mapper().treeToValue(m, StoredMessage.class).frame());
        }
        return messages;
    }

    /** An error answer: RFC 9457 problem+json with the protocol's {@code code}, or any body as the detail. */
    static ServerApiException problem(String call, RestExchange.Answer answer) {
        String code = null;
        String detail = answer.body();
        try {
            JsonNode problem = PigeonJson.mapper().readTree(answer.body());
            code = problem.path("code").isString() ? problem.get("code").asString() : null;
            detail = problem.path("detail").isString() ? problem.get("detail").asString() : detail;
        } catch (RuntimeException notJson) {
            // the body stays the detail
        }
        Duration retryAfter = UpgradeRefusedException.retryAfter(answer.retryAfter());
        return new ServerApiException(answer.status(), code,
                call + ": HTTP " + answer.status() + " " + code + " " + detail, retryAfter);
    }

}
