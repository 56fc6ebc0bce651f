package io.pigeonim.message.store;

/** A row of {@code user_conversation}: {@code uid} takes part in {@code conversationId} from its start. */
record MembershipRow(String uid, String conversationId) {
}
