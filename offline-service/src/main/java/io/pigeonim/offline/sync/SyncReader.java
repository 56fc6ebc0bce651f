package io.pigeonim.offline.sync;

import java.util.List;

import org.springframework.stereotype.Component;

import io.pigeonim.offline.api.Caller;

/** Reads what a device has yet to receive: the summary, or the next page across all its conversations. */
@Component
class SyncReader {

    private final SyncMapper mapper;

    SyncReader(SyncMapper mapper) {
        this.mapper = mapper;
    }

    List<ConversationSummary> summary(Caller caller) {
        return mapper.summary(caller.uid(), caller.deviceId());
    }

    /**
     * The next page after the device's cursors: one statement for the pending conversations, then usually one
     * for the messages ({@link PagePlanner}).
     *
     * @implNote At most {@code limit + 1} pending conversations are read: each holds at least one message, so a
     *     page never needs more, and the extra one tells whether more wait.
     */
    Page page(Caller caller, int limit) {
        int max = limit + 1;
        List<PendingRange> pending = mapper.pending(caller.uid(), caller.deviceId(), max);
        return PagePlanner.read(pending, pending.size() == max, limit, mapper::messages);
    }
}
