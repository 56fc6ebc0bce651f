package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;

/** The ITs' stored-conversation check fails for each way a store can break what was sent. */
class StoredConversationTest {

    private static final List<UplinkMessage> SENT = List.of(sent("alice", "a1"), sent("bob", "b1"), sent("alice", "a2"));

    @Test
    void holdsForEachMessageStoredOnceAsSentWithSeqsInSendOrder() {
        assertThatCode(() -> StoredConversation.assertStoredOnceInSendOrder(
                List.of(row(12, SENT.get(2)), row(5, SENT.get(0)), row(7, SENT.get(1))), 12, SENT))
                .doesNotThrowAnyException();
    }

    @Test
    void failsWhenSeqOrderDisagreesWithSendOrder() {
        assertFails(List.of(row(5, SENT.get(0)), row(12, SENT.get(1)), row(7, SENT.get(2))), 12, "seq of a2");
    }

    @Test
    void failsWhenAMessageIsMissingOrSomethingElseIsStored() {
        assertFails(List.of(row(5, SENT.get(0)), row(7, SENT.get(1))), 7, "nothing missing");
        List<Map<String, Object>> extra = new ArrayList<>(List.of(row(5, SENT.get(0)), row(7, SENT.get(1)),
                row(9, SENT.get(2))));
        extra.add(row(10, sent("mallory", "m1")));
        assertFails(extra, 10, "nothing else");
    }

    @Test
    void failsWhenAMessageIsStoredTwice() {
        assertFails(List.of(row(5, SENT.get(0)), row(7, SENT.get(1)), row(9, SENT.get(2)), row(10, SENT.get(2))), 10,
                "stored twice");
    }

    @Test
    void failsWhenAMessageIsNotStoredAsSent() {
        UplinkMessage a2 = SENT.get(2);
        UplinkMessage altered = new UplinkMessage(a2.msgId(), a2.conversationId(), a2.senderId(), a2.senderDeviceId(),
                a2.clientMsgId(), a2.contentType(), "something else", a2.sendTime());
        assertFails(List.of(row(5, SENT.get(0)), row(7, SENT.get(1)), row(9, altered)), 9, "stored as sent");
    }

    @Test
    void failsWhenMaxSeqIsNotTheLastSeq() {
        assertFails(List.of(row(5, SENT.get(0)), row(7, SENT.get(1)), row(9, SENT.get(2))), 8, "max_seq");
    }

    private static void assertFails(List<Map<String, Object>> rows, long maxSeq, String expected) {
        assertThatThrownBy(() -> StoredConversation.assertStoredOnceInSendOrder(rows, maxSeq, SENT))
                .isInstanceOf(AssertionError.class).hasMessageContaining(expected);
    }

    private static UplinkMessage sent(String sender, String clientMsgId) {
        return new UplinkMessage(MessageIds.of(sender, clientMsgId), "p:alice:bob", sender, "d1", clientMsgId, "text",
                "content of " + clientMsgId, 1L);
    }

    private static Map<String, Object> row(long seq, UplinkMessage m) {
        return Map.of("seq", seq, "msg_id", m.msgId(), "sender_uid", m.senderId(), "client_msg_id", m.clientMsgId(),
                "content", m.content());
    }
}
