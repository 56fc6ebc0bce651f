package io.pigeonim.message.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.message.member.MemberDirectory;
import io.pigeonim.message.member.Members;

/** Who may post into a group: its current members; snapshots of the groups of a batch, read with or without the lock. */
final class GroupAdmission {

    private final MemberDirectory directory;

    GroupAdmission(MemberDirectory directory) {
        this.directory = directory;
    }

    /** The group conversations among {@code conversationIds}, sorted (the order rows are locked in). */
    static TreeSet<String> groupsOf(Collection<String> conversationIds) {
        TreeSet<String> groups = new TreeSet<>();
        for (String id : conversationIds) {
            if (ConversationId.parse(id).isGroup()) {
                groups.add(id);
            }
        }
        return groups;
    }

    /**
     * The members of each group, as of the versions {@code versions} reads ({@link Members#NONE} for a group that
     * does not exist).
     */
    Map<String, Members> snapshot(Collection<String> groups,
            Function<Collection<String>, List<GroupConversationRow>> versions) {
        if (groups.isEmpty()) {
            return Map.of();
        }
        Map<String, Members> snapshot = new HashMap<>();
        for (GroupConversationRow row : versions.apply(groups)) {
            snapshot.put(row.conversationId(), directory.members(row.conversationId(), row.memberVersion()));
        }
        groups.forEach(id -> snapshot.putIfAbsent(id, Members.NONE));
        return snapshot;
    }

    /**
     * Keeps what may be stored: one-to-one messages, and group messages whose sender is a member now or was one (a
     * send accepted before its sender was removed: membership is decided when a connector accepts the send, and a
     * {@code send_ack} is a promise, PROTOCOL.md §3); the others, messages to a group that does not exist or from a
     * sender that never was a member, which no connector could have accepted, are added to {@code rejected} with the
     * reason.
     *
     * @param formerMember whether (uid, conversationId) was a member and has left; asked only for non-members
     */
    static <T> List<T> admit(List<T> messages, Function<T, String> conversationOf, Function<T, String> senderOf,
            Function<T, String> msgIdOf, Map<String, Members> groups, BiPredicate<String, String> formerMember,
            List<Rejected> rejected) {
        List<T> admitted = new ArrayList<>(messages.size());
        for (T message : messages) {
            Members members = groups.get(conversationOf.apply(message));
            if (members == null) {
                admitted.add(message);
            } else if (!members.exists()) {
                rejected.add(new Rejected(msgIdOf.apply(message), "uplink record: group " + conversationOf.apply(message)
                        + " does not exist (msgId " + msgIdOf.apply(message) + ")"));
            } else if (!members.isMember(senderOf.apply(message))
                    && !formerMember.test(senderOf.apply(message), conversationOf.apply(message))) {
                rejected.add(new Rejected(msgIdOf.apply(message), "uplink record: sender " + senderOf.apply(message)
                        + " is not a member of " + conversationOf.apply(message) + " (msgId " + msgIdOf.apply(message)
                        + ")"));
            } else {
                admitted.add(message);
            }
        }
        return admitted;
    }
}
