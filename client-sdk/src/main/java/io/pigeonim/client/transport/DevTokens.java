package io.pigeonim.client.transport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;

import io.pigeonim.common.async.Failures;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.json.PigeonJson;

/**
 * Development tokens ({@code POST /api/v1/dev/token}, PROTOCOL.md §1): for local runs and tests, never production.
 * On the JDK's {@code HttpClient} through the public constructor, on OkHttp through {@link OkHttpNetwork}.
 */
public final class DevTokens {

    private static final String CALL = "POST /api/v1/dev/token";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final RestExchange exchange;
    private final GatewayAddress gateway;

    public DevTokens(HttpClient http, URI gateway) {
        this(new JdkHttpExchange(http), new GatewayAddress(gateway));
    }

    DevTokens(RestExchange exchange, GatewayAddress gateway) {
        this.exchange = Objects.requireNonNull(exchange, "exchange");
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    /** A fresh token for the device; blocks for the round trip. */
    public String token(String uid, String deviceId) {
        Ids.requireUid(uid, "uid");
        Ids.requireDeviceId(deviceId, "deviceId");
        String body = PigeonJson.mapper().writeValueAsString(Map.of("uid", uid, "deviceId", deviceId));
        RestExchange.Answer answer;
        try {
            answer = exchange.send(RestExchange.Request.postJson(gateway.http("/api/v1/dev/token"), body, TIMEOUT)).get();
        } catch (ExecutionException e) {
            Throwable cause = Failures.unwrap(e.getCause());
            if (cause instanceof IOException io) {
                throw new UncheckedIOException(CALL + ": " + io, io);
            }
            throw new IllegalStateException(CALL + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fetching a dev token", e);
        }
        if (answer.status() != 200) {
            throw RestCalls.problem(CALL, answer);
        }
        return PigeonJson.mapper().readTree(answer.body()).get("token").asString();
    }
}
