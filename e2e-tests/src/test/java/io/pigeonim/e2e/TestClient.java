package io.pigeonim.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestSocket;
import tools.jackson.databind.JsonNode;

/** A device of a user, as a client app would be: a dev token, a WebSocket through the gateway, REST calls. */
final class TestClient implements AutoCloseable {

    static final Duration WAIT = TestSocket.WAIT;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String uid;
    final String deviceId;
    final String token;
    private TestSocket socket;

    private TestClient(String uid, String deviceId, String token) {
        this.uid = uid;
        this.deviceId = deviceId;
        this.token = token;
    }

    /** A device with a fresh dev token, not yet connected. */
    static TestClient device(String uid, String deviceId) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(PigeonSystem.GATEWAY + "/api/v1/dev/token"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"uid\":\"" + uid + "\",\"deviceId\":\"" + deviceId + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("dev token: HTTP " + response.statusCode() + " " + response.body());
        }
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        return new TestClient(uid, deviceId, body.get("token").asString());
    }

    /** A device holding {@code token} as it is (for instance one the gateway did not issue), not yet connected. */
    static TestClient withToken(String uid, String deviceId, String token) {
        return new TestClient(uid, deviceId, token);
    }

    /** Opens the WebSocket with {@code ?token=} and waits for the first pong (from then on, pushes reach it). */
    TestClient connect() throws Exception {
        return connect(Map.of());
    }

    /** As {@link #connect()}, the upgrade also carrying {@code headers} (spoofed identity headers, say). */
    TestClient connect(Map<String, String> headers) throws Exception {
        socket = TestSocket.open(wsUri("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)), headers,
                uid + "/" + deviceId).get(10, TimeUnit.SECONDS);
        send(new ClientFrame.Ping());
        await(ServerFrame.Pong.class, p -> true);
        return this;
    }

    static URI wsUri(String query) {
        return URI.create(PigeonSystem.GATEWAY.replaceFirst("^http", "ws") + "/ws" + (query == null ? "" : "?" + query));
    }

    void send(ClientFrame frame) {
        socket.send(frame);
    }

    void sendText(String text) {
        socket.send(text);
    }

    /** Waits for the next frame of this type that matches, keeping the others for later awaits. */
    <T extends ServerFrame> T await(Class<T> type, Predicate<T> match) {
        return socket.await(type, match);
    }

    /** Asserts that no frame of this type arrives within {@code quiet}. */
    <T extends ServerFrame> void expectNone(Class<T> type, Duration quiet) {
        socket.expectNone(type, frame -> true, quiet);
    }

    /** Asserts that no frame of this type that matches arrives within {@code quiet} (nor came unclaimed before). */
    <T extends ServerFrame> void expectNone(Class<T> type, Predicate<T> match, Duration quiet) {
        socket.expectNone(type, match, quiet);
    }

    boolean isOpen() {
        return socket != null && socket.isOpen();
    }

    /** The close code once the connection ended (-1 when it broke without a close frame). */
    CompletableFuture<Integer> closeCode() {
        return socket.closing().thenApply(TestSocket.Close::code);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(request(path).GET());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> delete(String path) throws IOException, InterruptedException {
        return send(request(path).DELETE());
    }

    /** The body of a 2xx answer as JSON; anything else fails the test with the problem it carried. */
    static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(response.request().method() + " " + response.uri() + ": HTTP "
                    + response.statusCode() + " " + response.body());
        }
        return PigeonJson.mapper().readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(PigeonSystem.GATEWAY + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.close();
        }
    }
}
