package io.pigeonim.message.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.seq.SeqRange;
import io.pigeonim.schema.ConversationRow;
import io.pigeonim.schema.MembershipRow;
import io.pigeonim.schema.MessageRow;
import org.junit.jupiter.api.Test;

class SeqAssignmentTest {

    private static UplinkMessage msg(String conversationId, String sender, String clientMsgId) {
        return new UplinkMessage(MessageIds.of(sender, clientMsgId), conversationId, sender, "d1", clientMsgId, "text",
                "hi", 1L);
    }

    @Test
    void countsConversationsInOrderOfFirstAppearance() {
        List<UplinkMessage> batch = List.of(msg("p:b:c", "b", "1"), msg("p:a:b", "a", "1"), msg("p:b:c", "c", "1"));

        assertThat(SeqAssignment.counts(batch)).containsExactly(Map.entry("p:b:c", 2), Map.entry("p:a:b", 1));
    }

    @Test
    void assignsSeqsInArrivalOrderWithinEachConversation() {
        List<UplinkMessage> batch = List.of(msg("p:a:b", "a", "1"), msg("p:b:c", "b", "1"), msg("p:a:b", "b", "1"),
                msg("p:a:b", "a", "2"), msg("p:b:c", "c", "1"));
        Map<String, SeqRange> ranges = Map.of("p:a:b", new SeqRange("p:a:b", 41, 43), "p:b:c", new SeqRange("p:b:c", 7, 8));

        List<MessageRow> assigned = SeqAssignment.assign(batch, ranges);

        assertThat(assigned).extracting(MessageRow::message).extracting(StoredMessage::conversationId,
                StoredMessage::senderId, StoredMessage::clientMsgId, StoredMessage::seq).containsExactly(
                org.assertj.core.groups.Tuple.tuple("p:a:b", "a", "1", 41L),
                org.assertj.core.groups.Tuple.tuple("p:b:c", "b", "1", 7L),
                org.assertj.core.groups.Tuple.tuple("p:a:b", "b", "1", 42L),
                org.assertj.core.groups.Tuple.tuple("p:a:b", "a", "2", 43L),
                org.assertj.core.groups.Tuple.tuple("p:b:c", "c", "1", 8L));
    }

    @Test
    void refusesARangeThatDoesNotFitTheBatch() {
        List<UplinkMessage> batch = List.of(msg("p:a:b", "a", "1"), msg("p:a:b", "a", "2"));

        assertThatThrownBy(() -> SeqAssignment.assign(batch, Map.of("p:a:b", new SeqRange("p:a:b", 1, 1))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SeqAssignment.assign(batch, Map.of("p:a:b", new SeqRange("p:a:b", 1, 3))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> SeqAssignment.assign(batch, Map.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void indexesBothMembersAndRaisesMaxSeqPerConversation() {
        List<MessageRow> fresh = SeqAssignment.assign(List.of(msg("p:b:c", "b", "1"), msg("p:a:b", "a", "1"),
                msg("p:b:c", "c", "1")), Map.of("p:a:b", new SeqRange("p:a:b", 5, 5), "p:b:c", new SeqRange("p:b:c", 2, 3)));

        assertThat(MessageStore.conversations(fresh, 99)).containsExactly(
                new ConversationRow("p:a:b", "p", 5, 99), new ConversationRow("p:b:c", "p", 3, 99));
        assertThat(MessageStore.memberships(fresh)).containsExactly(new MembershipRow("a", "p:a:b"),
                new MembershipRow("b", "p:a:b"), new MembershipRow("b", "p:b:c"), new MembershipRow("c", "p:b:c"));
    }
}
