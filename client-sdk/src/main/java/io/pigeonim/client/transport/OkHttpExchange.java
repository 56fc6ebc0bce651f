package io.pigeonim.client.transport;

import java.io.IOException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * {@link RestExchange} on OkHttp, asynchronous on its dispatcher; the request's timeout is OkHttp's call timeout
 * (connect, send, wait and read the whole body).
 */
final class OkHttpExchange implements RestExchange {

    private static final MediaType JSON = MediaType.get("application/json");

    private final OkHttpClient http;

    OkHttpExchange(OkHttpClient http) {
        this.http = Objects.requireNonNull(http, "http");
    }

    @Override
    public CompletableFuture<Answer> send(RestExchange.Request request) {
        // okhttp3.Request by its full name: RestExchange.Request shadows it here
        okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(request.url());
        if (request.bearer() != null) {
            b.header("Authorization", "Bearer " + request.bearer());
        }
        b.method(request.method(), request.json() == null ? null : RequestBody.create(request.json(), JSON));
        Call call = http.newCall(b.build());
        call.timeout().timeout(request.timeout().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                answer.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (ResponseBody body = response.body()) {
                    answer.complete(new Answer(response.code(), body.string(), response.header("Retry-After")));
                } catch (IOException e) {
                    answer.completeExceptionally(e);
                }
            }
        });
        // cancelling the future (the SDK stopping) cancels the call
        answer.whenComplete((ok, failure) -> {
            if (answer.isCancelled()) {
                call.cancel();
            }
        });
        return answer;
    }
}
