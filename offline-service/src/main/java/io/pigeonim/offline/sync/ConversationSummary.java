package io.pigeonim.offline.sync;

import io.swagger.v3.oas.annotations.media.Schema;

/** One conversation with something new for this device. */
record ConversationSummary(
        String conversationId,
        @Schema(description = "The last seq this user may see (for a group they left: the seq at which they left)") long maxSeq,
        @Schema(description = "This device's cursor; a device never seen before starts at 0, or at the seq at which the user joined a group") long ackSeq,
        @Schema(description = "Messages in (ackSeq, maxSeq]; holes in the seq numbering are not counted") long unread) {
}
