package io.pigeonim.message.uplink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.MalformedEventException;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.message.member.Members;
import org.junit.jupiter.api.Test;

class UplinkFanoutTest {

    private static StoredMessage stored(String conversationId, long seq, String sender) {
        return new StoredMessage("id" + seq, conversationId, seq, sender, "c" + seq, "text", "hi", 5);
    }

    @Test
    void ordersEachConversationBySeq() {
        List<StoredMessage> batch = List.of(stored("p:a:b", 7, "a"), stored("p:a:c", 2, "c"), stored("p:a:b", 3, "b"),
                stored("p:a:b", 8, "a"));

        assertThat(UplinkFanout.inSeqOrder(batch)).extracting(StoredMessage::conversationId, StoredMessage::seq)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("p:a:b", 3L),
                        org.assertj.core.groups.Tuple.tuple("p:a:b", 7L),
                        org.assertj.core.groups.Tuple.tuple("p:a:b", 8L),
                        org.assertj.core.groups.Tuple.tuple("p:a:c", 2L));
        assertThat(UplinkFanout.audience(batch, Map.of())).containsExactly("a", "b", "c");
    }

    @Test
    void pushesToEveryMemberAndStandsInForAnOfflineReceiver() {
        StoredMessage toOnline = stored("p:a:b", 1, "a");
        StoredMessage toOffline = stored("p:a:c", 4, "a");

        List<PushRequest.Push> pushes = UplinkFanout.pushes(List.of(toOnline, toOffline), Set.of("a", "b")::contains, Map.of());

        assertThat(pushes).containsExactly(
                new PushRequest.Push(List.of("a", "b"), toOnline.frame()),
                new PushRequest.Push(List.of("a", "c"), toOffline.frame()),
                new PushRequest.Push(List.of("a"), new ServerFrame.Delivered("p:a:c", 4, "c", true)));
    }

    @Test
    void aGroupMessageGoesToTheOnlineMembersWhoJoinedBeforeItsSeqAndHasNoDelivered() {
        Members team = Members.of(3, Map.of("a", 0L, "b", 0L, "c", 5L, "d", 0L));
        StoredMessage early = stored("g:team", 5, "a");
        StoredMessage late = stored("g:team", 6, "b");

        List<PushRequest.Push> pushes = UplinkFanout.pushes(List.of(early, late), Set.of("a", "b", "c")::contains,
                Map.of("g:team", team));

        assertThat(pushes).containsExactly(
                new PushRequest.Push(List.of("a", "b"), early.frame()),
                new PushRequest.Push(List.of("a", "b", "c"), late.frame()));
        assertThat(UplinkFanout.audience(List.of(early, late), Map.of("g:team", team)))
                .containsExactly("a", "b", "c", "d");
    }

    @Test
    void refusesNonMembersOfOneToOneAndOversizedContentButLeavesGroupMembershipToTheStore() {
        UplinkRules.requireStorable(send("g:team", "a", "x"));
        assertThatThrownBy(() -> UplinkRules.requireStorable(send("p:b:c", "a", "x")))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("not a member");
        assertThatThrownBy(() -> UplinkRules.requireStorable(send("p:a:b", "a", "é".repeat(8193))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("bytes");
        UplinkRules.requireStorable(send("p:a:b", "b", "ok"));
    }

    private static UplinkMessage send(String conversationId, String sender, String content) {
        return new UplinkMessage(MessageIds.of(sender, "c1"), conversationId, sender, "d1", "c1", "text", content, 1);
    }
}
