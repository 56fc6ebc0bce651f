package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

import io.pigeonim.common.kafka.UplinkMessage;

/**
 * What a conversation's rows must show after a stream of sends, checked against what was sent rather than against
 * the table's own keys (which make seqs unique, and rows read {@code ORDER BY seq} sorted, by construction): every
 * sent message stored once and as sent, nothing else, seqs rising in send order, {@code max_seq} at the last of them.
 */
final class StoredConversation {

    private StoredConversation() {
    }

    /** Reads {@code conversationId}'s rows and {@code max_seq} and checks them against {@code sent}, in send order. */
    static void assertStoredOnceInSendOrder(JdbcTemplate jdbc, String conversationId, List<UplinkMessage> sent) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT seq, msg_id, sender_uid, client_msg_id, content"
                + " FROM message WHERE conversation_id = ?", conversationId);
        List<Long> maxSeq = jdbc.queryForList("SELECT max_seq FROM conversation WHERE conversation_id = ?", Long.class,
                conversationId);
        assertThat(maxSeq).as("conversation row of %s", conversationId).hasSize(1);
        assertStoredOnceInSendOrder(rows, maxSeq.get(0), sent);
    }

    /** The check itself, on rows as read (any order): columns seq, msg_id, sender_uid, client_msg_id, content. */
    static void assertStoredOnceInSendOrder(List<Map<String, Object>> rows, long maxSeq, List<UplinkMessage> sent) {
        Map<String, Map<String, Object>> byMsgId = new HashMap<>();
        for (Map<String, Object> row : rows) {
            assertThat(byMsgId.put((String) row.get("msg_id"), row)).as("stored twice: %s", row).isNull();
        }
        assertThat(byMsgId.keySet()).as("stored msgIds (nothing missing, nothing else)")
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(UplinkMessage::msgId).toList());
        UplinkMessage previous = null;
        long previousSeq = 0;
        for (UplinkMessage message : sent) {
            Map<String, Object> row = byMsgId.get(message.msgId());
            assertThat(List.of(row.get("sender_uid"), row.get("client_msg_id"), row.get("content")))
                    .as("stored as sent: %s", message.msgId())
                    .containsExactly(message.senderId(), message.clientMsgId(), message.content());
            long seq = ((Number) row.get("seq")).longValue();
            if (previous != null) {
                assertThat(seq).as("seq of %s (sent after %s, seq %d)", message.clientMsgId(), previous.clientMsgId(),
                        previousSeq).isGreaterThan(previousSeq);
            }
            previous = message;
            previousSeq = seq;
        }
        assertThat(maxSeq).as("max_seq: the seq of the last message sent").isEqualTo(previousSeq);
    }
}
