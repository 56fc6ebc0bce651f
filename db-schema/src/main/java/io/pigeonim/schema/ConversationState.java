package io.pigeonim.schema;

/** What an ack is checked against: a conversation's last seq and, for a group, its member list version. */
public record ConversationState(String conversationId, String kind, long maxSeq, long memberVersion) {

    public boolean isGroup() {
        return "g".equals(kind);
    }
}
