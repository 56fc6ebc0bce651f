package io.pigeonim.schema;

import java.util.Comparator;

/** One device's cursor in one conversation: the primary key of {@code device_cursor}, ordered like it. */
public record CursorKey(String uid, String deviceId, String conversationId) implements Comparable<CursorKey> {

    private static final Comparator<CursorKey> ORDER = Comparator.comparing(CursorKey::uid)
            .thenComparing(CursorKey::deviceId).thenComparing(CursorKey::conversationId);

    @Override
    public int compareTo(CursorKey other) {
        return ORDER.compare(this, other);
    }
}
