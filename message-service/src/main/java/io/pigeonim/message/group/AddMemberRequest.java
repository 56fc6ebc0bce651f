package io.pigeonim.message.group;

/** Body of {@code POST /api/v1/groups/{groupId}/members}. */
record AddMemberRequest(String uid) {
}
