package io.pigeonim.offline.sync;

import java.util.List;

/** {@code GET /api/v1/sync/summary}: every conversation with {@code maxSeq > ackSeq} for this device. */
record SummaryResponse(List<ConversationSummary> conversations) {
}
