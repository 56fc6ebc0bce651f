package io.pigeonim.message.uplink;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.message.member.Members;

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

    /** Every member of every conversation of the batch (a group's current members). */
    static Set<String> audience(List<StoredMessage> messages, Map<String, Members> groups) {
        Set<String> uids = new LinkedHashSet<>();
        Set<String> groupsSeen = new HashSet<>();
        for (StoredMessage message : messages) {
            ConversationId conversation = ConversationId.parse(message.conversationId());
            if (conversation.isDirect()) {
                uids.addAll(conversation.members());
            } else if (groupsSeen.add(message.conversationId())) {
                uids.addAll(groups.getOrDefault(message.conversationId(), Members.NONE).uids());
            }
        }
        return uids;
    }

    /**
     * The {@code message} frame for every member (the sender's devices included); then, in a one-to-one
     * conversation whose receiver has no device online, the stand-in {@code delivered} ({@code offline:true}) for
     * the sender. A group message goes to the members who joined before its seq, and has no {@code delivered}.
     */
    static List<PushRequest.Push> pushes(List<StoredMessage> ordered, Predicate<String> online,
            Map<String, Members> groups) {
        List<PushRequest.Push> pushes = new ArrayList<>(ordered.size() * 2);
        for (StoredMessage message : ordered) {
            ConversationId conversation = ConversationId.parse(message.conversationId());
            if (conversation.isGroup()) {
                List<String> audience = groups.getOrDefault(message.conversationId(), Members.NONE)
                        .audienceOf(message.seq()).stream().filter(online).toList();
                if (!audience.isEmpty()) {
                    pushes.add(new PushRequest.Push(audience, message.frame()));
                }
                continue;
            }
            pushes.add(new PushRequest.Push(conversation.members(), message.frame()));
            String receiver = conversation.peerOf(message.senderId());
            if (!online.test(receiver)) {
                pushes.add(new PushRequest.Push(List.of(message.senderId()),
                        new ServerFrame.Delivered(message.conversationId(), message.seq(), receiver, true)));
            }
        }
        return pushes;
    }
}
