package io.pigeonim.schema;

/** A row of {@code user_conversation}: {@code uid} takes part in {@code conversationId} from its start. */
public record MembershipRow(String uid, String conversationId) {
}
