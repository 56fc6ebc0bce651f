package io.pigeonim.message.ack;

/** A device's cursor in one conversation, as read from or written to {@code device_cursor}. */
record CursorRow(String uid, String deviceId, String conversationId, long seq) {

    CursorKey key() {
        return new CursorKey(uid, deviceId, conversationId);
    }
}
