package io.pigeonim.offline.ack;

import java.io.IOException;
import java.util.List;
import java.util.Objects;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Records a device's acknowledgements through message-service ({@code POST /internal/v1/acks}), the one
 * writer of cursors: durable, never backwards, and it sends the {@code delivered} notifications.
 *
 * @implNote offline-service could write {@code device_cursor} itself with one UPDATE, but then two pieces of
 *     code would own cursors and only one of them would notify senders; one call per page keeps it cheap.
 *     It asks for {@code flush=now}: the user waits on the answer, so the batching window meant for WebSocket
 *     acks (up to 100 ms) would be pure latency here.
 */
public final class CursorClient {

    /** {@code flush=now}: written in a transaction of its own at once, not in message-service's next batch. */
    static final String PATH = "/internal/v1/acks?flush=now";

    private final RestClient rest;

    /** @param rest a client whose base URL is message-service */
    public CursorClient(RestClient rest) {
        this.rest = Objects.requireNonNull(rest, "rest");
    }

    /**
     * Moves the caller's cursors to {@code acks}, all or nothing; returns once they are durable.
     *
     * @throws ApiException 400 or 403 as message-service refused them, 503 when it cannot be reached
     */
    public void acknowledge(Caller caller, List<AckEntry> acks) {
        byte[] body = PigeonJson.mapper().writeValueAsBytes(new AckRequest(caller.uid(), caller.deviceId(), acks));
        try {
            rest.post().uri(PATH).contentType(MediaType.APPLICATION_JSON).body(body)
                    .exchange((request, response) -> {
                        refuseUnlessOk(response.getStatusCode(), response.getBody().readAllBytes());
                        return null;
                    });
        } catch (ResourceAccessException e) {
            throw ApiException.unavailable("message-service unreachable, acknowledgement not confirmed; try again");
        }
    }

    private static void refuseUnlessOk(HttpStatusCode status, byte[] body) throws IOException {
        if (status.is2xxSuccessful()) {
            return;
        }
        String detail = detailOf(body);
        switch (status.value()) {
            case 400:
                throw ApiException.badRequest(detail);
            case 403:
                throw ApiException.forbidden(detail);
            case 404:
                throw ApiException.notFound(detail);
            default:
                throw ApiException.unavailable("message-service answered " + status.value()
                        + ", acknowledgement not confirmed; try again");
        }
    }

    private static String detailOf(byte[] body) {
        try {
            JsonNode problem = PigeonJson.mapper().readTree(body);
            JsonNode detail = problem.get("detail");
            if (detail != null && detail.isString()) {
                return detail.asString();
            }
        } catch (JacksonException e) {
            // not a problem document: fall through
        }
        return "acknowledgement refused";
    }
}
