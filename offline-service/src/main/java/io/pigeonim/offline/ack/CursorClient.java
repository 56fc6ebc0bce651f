package io.pigeonim.offline.ack;

import java.util.List;
import java.util.Objects;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.http.InternalResponse;
import io.pigeonim.common.http.UnreachableException;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;

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

    private final InternalClient http;
    private final String messageUrl;

    /** @param http a client signing as this service, its read timeout the acknowledgement's */
    public CursorClient(InternalClient http, String messageUrl) {
        this.http = Objects.requireNonNull(http, "http");
        this.messageUrl = Objects.requireNonNull(messageUrl, "messageUrl");
    }

    /**
     * Moves the caller's cursors to {@code acks}, all or nothing; returns once they are durable.
     *
     * @throws ApiException 400 or 403 as message-service refused them, 503 when it cannot be reached
     */
    public void acknowledge(Caller caller, List<AckEntry> acks) {
        InternalResponse response;
        try {
            response = http.post(messageUrl, PATH, new AckRequest(caller.uid(), caller.deviceId(), acks));
        } catch (UnreachableException e) {
            throw ApiException.unavailable("message-service unreachable, acknowledgement not confirmed; try again");
        }
        refuseUnlessOk(response);
    }

    private static void refuseUnlessOk(InternalResponse response) {
        int status = response.status();
        if (status / 100 == 2) {
            return;
        }
        String detail = Objects.requireNonNullElse(response.problem().detail(), "acknowledgement refused");
        switch (status) {
            case 400:
                throw ApiException.badRequest(detail);
            case 403:
                throw ApiException.forbidden(detail);
            case 404:
                throw ApiException.notFound(detail);
            default:
                throw ApiException.unavailable("message-service answered " + status
                        + ", acknowledgement not confirmed; try again");
        }
    }
}
