package io.pigeonim.client.transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One HTTP round trip of the SDK, carried by whichever HTTP client the app uses (the JDK's or OkHttp), so that the
 * calls themselves ({@link RestCalls}, {@link DevTokens}) are written once.
 */
interface RestExchange {

    /** Completes with the answer, whatever its status, or exceptionally when there was none (I/O, timeout). */
    CompletableFuture<Answer> send(Request request);

    /** A GET (null {@code json}) or a JSON POST, with an optional bearer token, answered within {@code timeout}. */
    record Request(String method, String url, String bearer, String json, Duration timeout) {

        static Request get(String url, String bearer, Duration timeout) {
            return new Request("GET", url, bearer, null, timeout);
        }

        static Request postJson(String url, String json, Duration timeout) {
            return new Request("POST", url, null, json, timeout);
        }
    }

    /** What the SDK reads of an answer: the status, the body as text and the {@code Retry-After} header (or null). */
    record Answer(int status, String body, String retryAfter) {
    }
}
