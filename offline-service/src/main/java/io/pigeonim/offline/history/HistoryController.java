package io.pigeonim.offline.history;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;
import io.pigeonim.offline.api.QueryParameters;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** {@code GET /api/v1/conversations/{conversationId}/messages}: history and gap filling. */
@RestController
@Tag(name = "history")
class HistoryController {

    private final HistoryReader reader;

    HistoryController(HistoryReader reader) {
        this.reader = reader;
    }

    @Operation(summary = "Read a conversation's messages (history, gap filling); members only",
            description = "With afterSeq (default 0): the first `limit` messages after it. With beforeSeq: the last "
                    + "`limit` messages before it. Either way the page is ascending by seq. Never moves a cursor. "
                    + "A group member's history starts at the seq at which they joined.")
    @GetMapping(path = "/api/v1/conversations/{conversationId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    HistoryResponse messages(Caller caller,
            @Parameter(example = "p:alice:bob") @PathVariable String conversationId,
            @Parameter(description = "Messages with seq > afterSeq (default 0)",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0")) @RequestParam(required = false) String afterSeq,
            @Parameter(description = "Messages with seq < beforeSeq; not with afterSeq",
                    schema = @Schema(type = "integer", format = "int64", minimum = "0")) @RequestParam(required = false) String beforeSeq,
            @Parameter(description = "Messages per page",
                    schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50")) @RequestParam(required = false) String limit) {
        ConversationId conversation;
        try {
            conversation = ConversationId.parse(conversationId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        Long after = QueryParameters.seq(afterSeq, "afterSeq");
        Long before = QueryParameters.seq(beforeSeq, "beforeSeq");
        if (after != null && before != null) {
            throw ApiException.badRequest("afterSeq and beforeSeq: both given (expected: at most one)");
        }
        int size = QueryParameters.limit(limit);
        return reader.read(caller, conversation, before == null && after == null ? Long.valueOf(0) : after, before, size);
    }
}
