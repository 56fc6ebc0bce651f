package io.pigeonim.offline.sync;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.pigeonim.common.frame.StoredMessage;
import io.swagger.v3.oas.annotations.media.Schema;

/** One page of {@code GET /api/v1/sync}. */
record SyncResponse(
        @Schema(description = "Ascending by seq within each conversation; exactly `limit` messages while hasMore is true")
        List<StoredMessage> messages,
        @Schema(nullable = true, description = "Opaque token for exactly these messages: pass it as `ack` on the next "
                + "request. Null when the page is empty.")
        @JsonInclude(JsonInclude.Include.ALWAYS) String next,
        @Schema(description = "More messages wait after this page") boolean hasMore) {
}
