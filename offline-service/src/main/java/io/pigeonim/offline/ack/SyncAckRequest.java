package io.pigeonim.offline.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code POST /api/v1/sync/ack}: cumulative acknowledgements, as in the WebSocket {@code ack} frame. */
@Schema(description = "Cumulative: this device has every message of conversationId up to seq.")
record SyncAckRequest(
        @ArraySchema(minItems = 1, maxItems = AckController.MAX_ENTRIES,
                schema = @Schema(implementation = AckEntry.class)) List<AckEntry> acks) {
}
