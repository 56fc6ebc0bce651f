package io.pigeonim.client.store;

import java.util.List;
import java.util.Map;

/**
 * What a device must keep across an app restart: the sends not yet confirmed (in the order they were made),
 * the cursor of each conversation (every message up to it was handed to the app) and the latest msgIds seen.
 */
public record ClientState(List<StoredSend> pendingSends, Map<String, Long> cursors, List<String> recentMsgIds) {

    public ClientState {
        pendingSends = List.copyOf(pendingSends);
        cursors = Map.copyOf(cursors);
        recentMsgIds = List.copyOf(recentMsgIds);
    }

    /** A device that never ran. */
    public static ClientState empty() {
        return new ClientState(List.of(), Map.of(), List.of());
    }
}
