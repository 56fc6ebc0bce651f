package io.pigeonim.client.store;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link ClientStore} in memory: the default, for an app that syncs from scratch each start. An instance
 * reused across {@code PigeonClient}s (in one process) behaves like a store that survived a restart.
 */
public final class InMemoryClientStore implements ClientStore {

    private final int recentLimit;
    private final Map<String, StoredSend> pending = new LinkedHashMap<>();
    private final Map<String, Long> cursors = new HashMap<>();
    private final ArrayDeque<String> recent = new ArrayDeque<>();

    public InMemoryClientStore() {
        this(1024);
    }

    /** @param recentLimit how many of the latest msgIds to keep */
    public InMemoryClientStore(int recentLimit) {
        if (recentLimit < 0) {
            throw new IllegalArgumentException("recentLimit: " + recentLimit + " (expected: 0 or more)");
        }
        this.recentLimit = recentLimit;
    }

    @Override
    public synchronized ClientState load() {
        return new ClientState(new ArrayList<>(pending.values()), cursors, new ArrayList<>(recent));
    }

    @Override
    public synchronized void sendAdded(StoredSend send) {
        pending.put(send.message().clientMsgId(), send);
    }

    @Override
    public synchronized void sendRemoved(String clientMsgId) {
        pending.remove(clientMsgId);
    }

    @Override
    public synchronized void messageShown(String conversationId, long seq, String msgId) {
        cursor(conversationId, seq);
        seen(msgId);
    }

    synchronized void cursor(String conversationId, long seq) {
        cursors.merge(conversationId, seq, Math::max);
    }

    synchronized void seen(String msgId) {
        recent.addLast(msgId);
        while (recent.size() > recentLimit) {
            recent.removeFirst();
        }
    }
}
