package io.pigeonim.message.group;

/** Answer of {@code POST /api/v1/groups}. */
record CreateGroupResponse(String groupId, String conversationId) {
}
