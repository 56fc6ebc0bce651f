package io.pigeonim.offline.ack;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.common.frame.FrameRules;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import tools.jackson.core.JacksonException;

/** {@code POST /api/v1/sync/ack}: the WebSocket {@code ack} for clients that sync over REST alone. */
@RestController
@Tag(name = "sync")
class AckController {

    static final int MAX_ENTRIES = FrameLimits.MAX_ACK_ENTRIES;
    private static final int MAX_BODY_CHARS = 64 * 1024;

    private final CursorClient cursors;

    AckController(CursorClient cursors) {
        this.cursors = cursors;
    }

    @Operation(summary = "Acknowledge messages (moves this device's cursors, never backwards)",
            description = "One bad entry (a seq past the conversation's last seq, a conversation the user is not in) "
                    + "refuses the whole request and changes nothing.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = SyncAckRequest.class))))
    @ApiResponse(responseCode = "204", description = "Recorded durably")
    @PostMapping(path = "/api/v1/sync/ack", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> ack(Caller caller, @RequestBody(required = false) String body) {
        cursors.acknowledge(caller, parse(body));
        return ResponseEntity.noContent().build();
    }

    /** Strict parsing: {@code "seq":"17"} or a missing field is a malformed request, not a guess. */
    static List<AckEntry> parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiException.badRequest("body: empty (expected: {\"acks\":[{\"conversationId\":…,\"seq\":…}]})");
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw ApiException.badRequest("body: " + body.length() + " characters (expected: at most " + MAX_BODY_CHARS + ")");
        }
        SyncAckRequest request;
        try {
            request = PigeonJson.mapper().readValue(body, SyncAckRequest.class);
        } catch (JacksonException e) {
            throw ApiException.badRequest("body: not a valid ack request (" + e.getOriginalMessage() + ")");
        }
        List<AckEntry> acks = request.acks();
        // the same rules as an ack frame's (PROTOCOL.md §3)
        String violation = FrameRules.ackViolation(acks);
        if (violation != null) {
            throw ApiException.badRequest(violation);
        }
        return List.copyOf(acks);
    }
}
