package io.pigeonim.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameLimits;

/**
 * Batches cumulative acks (PROTOCOL.md §3): one frame per {@code every} pushed messages (duplicates and the
 * device's own echoes count: each holds a slot of the server's 256-message window) or {@code interval} after
 * the first one, carrying each conversation's cursor. A cursor never passes a gap, so neither does an ack.
 * Loop thread only.
 */
final class AckBatcher {

    private final int every;
    private final long intervalMillis;
    private final ToLongFunction<String> cursor;
    private final Set<String> dirty = new LinkedHashSet<>();
    private final Map<String, Long> recorded = new HashMap<>();
    private int pushed;
    private long sinceMillis = -1;

    AckBatcher(ClientOptions options, ToLongFunction<String> cursor) {
        this.every = options.ackEvery();
        this.intervalMillis = options.ackInterval().toMillis();
        this.cursor = cursor;
    }

    /** A message was pushed (new, duplicate or own): it waits in the server's window until acknowledged. */
    void pushed(long nowMillis) {
        pushed++;
        start(nowMillis);
    }

    /** A conversation's cursor moved, or the server resent what it has: its ack is due. */
    void moved(String conversationId, long nowMillis) {
        dirty.add(conversationId);
        start(nowMillis);
    }

    /** The server recorded these acks durably. */
    void recorded(List<AckEntry> entries) {
        for (AckEntry e : entries == null ? List.<AckEntry>of() : entries) {
            recorded.merge(e.conversationId(), e.seq(), Math::max);
        }
    }

    /** The highest seq the server confirmed recording for this device, 0 if none. */
    long recorded(String conversationId) {
        return recorded.getOrDefault(conversationId, 0L);
    }

    /** A new connection: the window is per connection. */
    void reset() {
        pushed = 0;
        sinceMillis = dirty.isEmpty() ? -1 : 0;
    }

    /** The ack frames due now (empty if none). */
    List<ClientFrame.Ack> due(long nowMillis) {
        if (sinceMillis < 0 || (pushed < every && nowMillis - sinceMillis < intervalMillis)) {
            return List.of();
        }
        List<ClientFrame.Ack> frames = new ArrayList<>();
        List<AckEntry> entries = new ArrayList<>();
        for (String conversationId : dirty) {
            long seq = cursor.applyAsLong(conversationId);
            if (seq <= 0) {
                continue;
            }
            entries.add(new AckEntry(conversationId, seq));
            if (entries.size() == FrameLimits.MAX_ACK_ENTRIES) {
                frames.add(new ClientFrame.Ack(entries));
                entries = new ArrayList<>();
            }
        }
        if (!entries.isEmpty()) {
            frames.add(new ClientFrame.Ack(entries));
        }
        dirty.clear();
        pushed = 0;
        sinceMillis = -1;
        return frames;
    }

    private void start(long nowMillis) {
        if (sinceMillis < 0) {
            sinceMillis = nowMillis;
        }
    }
}
