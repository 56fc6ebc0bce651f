package io.pigeonim.message.uplink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.message.store.StoredMessage;

/** Who gets which frame for a stored batch: steps 3 ({@code message}) and the stand-in of step 6 ({@code delivered}). */
final class UplinkFanout {

    private UplinkFanout() {
    }

    /** Conversations in order of first appearance, each conversation's messages by seq (a resend sorts in). */
    static List<StoredMessage> inSeqOrder(List<StoredMessage> messages) {
        Map<String, List<StoredMessage>> byConversation = new LinkedHashMap<>();
        for (StoredMessage message : messages) {
            byConversation.computeIfAbsent(message.conversationId(), id -> new ArrayList<>()).add(message);
        }
        List<StoredMessage> ordered = new ArrayList<>(messages.size());
        for (List<StoredMessage> conversation : byConversation.values()) {
            conversation.sort(Comparator.comparingLong(StoredMessage::seq));
            ordered.addAll(conversation);
        }
        return ordered;
    }

    /** Every member of every conversation of the batch. */
    static Set<String> audience(List<StoredMessage> messages) {
        Set<String> uids = new LinkedHashSet<>();
        for (StoredMessage message : messages) {
            uids.addAll(ConversationId.parse(message.conversationId()).members());
        }
        return uids;
    }

    /**
     * The {@code message} frame for every member (the sender's devices included); then, when the receiver has
     * no device online, the stand-in {@code delivered} ({@code offline:true}) for the sender.
     */
    static List<PushRequest.Push> pushes(List<StoredMessage> ordered, Predicate<String> online) {
        List<PushRequest.Push> pushes = new ArrayList<>(ordered.size() * 2);
        for (StoredMessage message : ordered) {
            ConversationId conversation = ConversationId.parse(message.conversationId());
            pushes.add(new PushRequest.Push(conversation.members(), message.frame()));
            String receiver = conversation.peerOf(message.senderUid());
            if (!online.test(receiver)) {
                pushes.add(new PushRequest.Push(List.of(message.senderUid()),
                        new ServerFrame.Delivered(message.conversationId(), message.seq(), receiver, true)));
            }
        }
        return pushes;
    }
}
