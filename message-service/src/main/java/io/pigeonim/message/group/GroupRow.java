package io.pigeonim.message.group;

/** A row of {@code chat_group}. */
record GroupRow(String groupId, String name, String ownerUid, int memberCount) {
}
