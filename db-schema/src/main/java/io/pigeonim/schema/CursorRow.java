package io.pigeonim.schema;

/** A device's cursor in one conversation, as read from or written to {@code device_cursor}. */
public record CursorRow(String uid, String deviceId, String conversationId, long seq) {

    public CursorKey key() {
        return new CursorKey(uid, deviceId, conversationId);
    }
}
