package io.pigeonim.offline.history;

import java.util.List;

import io.pigeonim.common.frame.StoredMessage;
import io.swagger.v3.oas.annotations.media.Schema;

/** A page of one conversation's history, ascending by seq in both directions. */
record HistoryResponse(
        List<StoredMessage> messages,
        @Schema(description = "More messages lie further in the paging direction (after the last one with afterSeq, "
                + "before the first one with beforeSeq)") boolean hasMore) {
}
