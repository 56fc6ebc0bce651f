package io.pigeonim.message.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.pigeonim.schema.MembershipRow;

/**
 * The one-to-one conversations whose two {@code user_conversation} rows this instance has seen committed, so that
 * a batch does not insert them again: a bounded set, oldest entries dropped first.
 *
 * @implNote Safe to forget and to miss: the insert it saves is idempotent ({@code ON DUPLICATE KEY UPDATE}), so an
 *     evicted or never-seen conversation only costs that insert once more. Safe to trust: the rows of a one-to-one
 *     conversation are never deleted or changed (both members take part from its start), and an entry is added
 *     only after the transaction that inserted them committed. Profiled under {@code ./pigeon bench e2e}, the
 *     insert was about 9 % of a consumer thread's CPU, for rows that almost always existed already.
 */
final class KnownMemberships {

    private final Map<String, Boolean> known;

    KnownMemberships(int capacity) {
        this.known = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The rows of {@code rows} whose conversation is not known to be indexed already. */
    synchronized List<MembershipRow> unknown(List<MembershipRow> rows) {
        return rows.stream().filter(row -> !known.containsKey(row.conversationId())).toList();
    }

    /** Records that the rows of {@code committed} are stored (call after their transaction committed). */
    synchronized void committed(List<MembershipRow> committed) {
        committed.forEach(row -> known.put(row.conversationId(), Boolean.TRUE));
    }
}
