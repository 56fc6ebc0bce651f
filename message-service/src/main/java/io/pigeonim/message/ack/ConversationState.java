package io.pigeonim.message.ack;

/** What an ack is checked against: a conversation's last seq and, for a group, its member list version. */
record ConversationState(String conversationId, String kind, long maxSeq, long memberVersion) {

    boolean isGroup() {
        return "g".equals(kind);
    }
}
