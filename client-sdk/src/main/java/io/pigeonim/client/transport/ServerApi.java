package io.pigeonim.client.transport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/** The REST calls of PROTOCOL.md §4 the SDK makes: paged sync, the sync summary and history for gap filling. */
public interface ServerApi {

    /** {@code GET /api/v1/sync?limit=&ack=}; {@code ack} null acknowledges nothing. */
    CompletableFuture<SyncPage> sync(String token, String ack, int limit);

    /** {@code GET /api/v1/sync/summary}: the conversations with messages this device has not acknowledged. */
    CompletableFuture<List<SummaryEntry>> summary(String token);

    /** {@code GET /api/v1/conversations/{id}/messages?afterSeq=&limit=}, ascending by seq. */
    CompletableFuture<HistoryPage> history(String token, String conversationId, long afterSeq, int limit);

    /** One page of sync; {@code next} is null on the answer that acknowledged the last page. */
    record SyncPage(List<MessageFrame> messages, String next, boolean hasMore) {
    }

    /** One page of history. */
    record HistoryPage(List<MessageFrame> messages, boolean hasMore) {
    }

    /** A conversation with {@code maxSeq > ackSeq} for this device. */
    record SummaryEntry(String conversationId, long maxSeq, long ackSeq, long unread) {
    }
}
