package io.pigeonim.offline.sync;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.offline.ack.CursorClient;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;
import io.pigeonim.offline.api.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/v1/sync/summary} and {@code GET /api/v1/sync} (PROTOCOL.md §4). */
@RestController
@Tag(name = "sync")
class SyncController {

    private final SyncReader reader;
    private final SyncTokenCodec tokens;
    private final CursorClient cursors;
    private final Counter pages;
    private final Counter messages;
    private final Counter rejected;
    private final Timer acknowledging;
    private final Timer reading;

    SyncController(SyncReader reader, SyncTokenCodec tokens, CursorClient cursors, MeterRegistry meters) {
        this.reader = reader;
        this.tokens = tokens;
        this.cursors = cursors;
        this.pages = meters.counter("pigeon.offline.page.served");
        this.messages = meters.counter("pigeon.offline.message.synced");
        this.rejected = meters.counter("pigeon.offline.token.rejected");
        this.acknowledging = meters.timer("pigeon.offline.cursor.acknowledged");
        this.reading = meters.timer("pigeon.offline.page.read");
    }

    @Operation(summary = "What is new for this device, per conversation",
            description = "Every conversation of the user with maxSeq > ackSeq for this device. Changes nothing.")
    @GetMapping(path = "/api/v1/sync/summary", produces = MediaType.APPLICATION_JSON_VALUE)
    SummaryResponse summary(Caller caller) {
        return new SummaryResponse(reader.summary(caller));
    }

    @Operation(summary = "Pull the next page of messages across all conversations",
            description = "Pass the previous page's `next` as `ack`: that page is acknowledged (this device's cursors "
                    + "move, never backwards) and only then is the next page read. Repeat while `next` is not null: "
                    + "N pages cost N + 1 requests. Without `ack` nothing is acknowledged, so after a crash the "
                    + "unacknowledged page comes again; drop duplicates by msgId.")
    @GetMapping(path = "/api/v1/sync", produces = MediaType.APPLICATION_JSON_VALUE)
    SyncResponse sync(Caller caller,
            @Parameter(description = "Messages per page, across all conversations",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
            @RequestParam(required = false) String limit,
            @Parameter(description = "The `next` token of the previous page") @RequestParam(required = false) String ack) {
        int size = QueryParameters.limit(limit);
        if (ack != null) {
            List<AckEntry> acks;
            try {
                acks = tokens.verify(ack, caller);
            } catch (ApiException e) {
                rejected.increment();
                throw e;
            }
            acknowledging.record(() -> cursors.acknowledge(caller, acks));
        }
        Page page = reading.record(() -> reader.page(caller, size));
        pages.increment();
        messages.increment(page.messages().size());
        String next = page.messages().isEmpty() ? null : tokens.issue(caller, page.acks());
        return new SyncResponse(page.messages(), next, page.hasMore() && next != null);
    }
}
