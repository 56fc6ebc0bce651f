package io.pigeonim.message.group;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.message.member.MemberDirectory;
import io.pigeonim.message.member.Members;
import io.pigeonim.message.member.RedisMemberSet;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.schema.MembershipMapper;
import io.pigeonim.schema.MembershipState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Groups and their membership in MySQL, each change in one transaction on a clean seq boundary.
 *
 * <p>A change locks the group's conversation row first ({@code SELECT … FOR UPDATE}); the message store takes the
 * same lock before it stores into the group. So a change falls between two stored messages: a member joins after
 * {@code max_seq} ({@code join_seq = max_seq}) and leaves at it ({@code leave_seq = max_seq}), and every change raises
 * {@code member_version}, which retires every cached member list (ADR 0005).
 */
@Component
final class GroupStore {

    private static final Logger log = LoggerFactory.getLogger(GroupStore.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final GroupMapper mapper;
    private final MembershipMapper memberships;
    private final MemberDirectory directory;
    private final RedisMemberSet memberSet;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int maxMembers;
    private final int maxOwned;

    GroupStore(GroupMapper mapper, MembershipMapper memberships, MemberDirectory directory, RedisMemberSet memberSet,
            PlatformTransactionManager transactionManager, Clock clock, GroupLimits limits) {
        this.mapper = mapper;
        this.memberships = memberships;
        this.directory = directory;
        this.memberSet = memberSet;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.clock = clock;
        this.maxMembers = limits.maxMembers();
        this.maxOwned = limits.maxOwned();
    }

    /** 16 random bytes, URL-safe base64: 22 characters of {@code [A-Za-z0-9_-]}. */
    static String newGroupId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * Refuses a member list longer than a group may be, before anything looks at its entries: a huge list costs
     * its sender, not the service.
     */
    void requireListSize(int listed) {
        if (listed > maxMembers) {
            throw ApiException.badRequest("members: " + listed + " entries (expected: at most " + maxMembers
                    + ", the group size limit)");
        }
    }

    /** Creates a group owned by {@code owner} with {@code others} (validated uids), the owner a member too. */
    CreateGroupResponse create(String owner, String name, List<String> others) {
        Set<String> members = new TreeSet<>(others);
        members.add(owner);
        if (members.size() > maxMembers) {
            throw ApiException.badRequest("members: " + members.size() + " with the owner (expected: at most "
                    + maxMembers + ", the group size limit)");
        }
        String groupId = newGroupId();
        String conversationId = ConversationId.group(groupId).value();
        transactions.executeWithoutResult(tx -> {
            // a quota, not a lock: two creates at the same instant may both pass it (by one group each)
            int owned = mapper.countOwned(owner);
            if (owned >= maxOwned) {
                throw ApiException.conflict("groups owned by " + owner + ": " + owned + " (expected: fewer than "
                        + maxOwned + ", the per-user quota)");
            }
            long now = clock.millis();
            mapper.insertGroup(new GroupRow(groupId, name, owner, members.size()), now);
            mapper.insertConversation(conversationId, now);
            mapper.insertMembers(conversationId, new ArrayList<>(members));
        });
        mirror(conversationId);
        return new CreateGroupResponse(groupId, conversationId);
    }

    /** The group as a member sees it. */
    GroupResponse read(String caller, String groupId) {
        GroupRow group = requireGroup(groupId);
        Members members = directory.current(ConversationId.group(groupId).value());
        if (!members.isMember(caller)) {
            throw ApiException.forbidden("uid " + caller + " is not a member of group " + groupId);
        }
        return new GroupResponse(groupId, group.name(), group.ownerUid(), members.uids());
    }

    /** Adds {@code uid} from the next seq on; nothing changes when {@code uid} is a member already. */
    void add(String caller, String groupId, String uid) {
        String conversationId = ConversationId.group(groupId).value();
        boolean changed = Boolean.TRUE.equals(transactions.execute(tx -> {
            LockedConversation conversation = lock(conversationId, groupId);
            GroupRow group = requireGroup(groupId);
            if (!group.ownerUid().equals(caller) || !isMember(caller, conversationId)) {
                throw ApiException.forbidden("only the owner of group " + groupId + " adds members");
            }
            if (isMember(uid, conversationId)) {
                return false;
            }
            if (group.memberCount() >= maxMembers) {
                throw ApiException.conflict("group " + groupId + " has " + group.memberCount() + " members (limit: "
                        + maxMembers + ")");
            }
            memberSet.delete(conversationId, conversation.memberVersion() + 1);
            memberships.upsertMember(uid, conversationId, conversation.maxSeq());
            changed(groupId, conversationId, +1);
            return true;
        }));
        if (changed) {
            mirror(conversationId);
        }
    }

    /** Removes {@code uid} (by the owner, or by the member themself) after the last seq stored so far. */
    void remove(String caller, String groupId, String uid) {
        String conversationId = ConversationId.group(groupId).value();
        transactions.executeWithoutResult(tx -> {
            LockedConversation conversation = lock(conversationId, groupId);
            GroupRow group = requireGroup(groupId);
            boolean owner = group.ownerUid().equals(caller) && isMember(caller, conversationId);
            if (!owner && !caller.equals(uid)) {
                throw ApiException.forbidden("only the owner of group " + groupId + " or " + uid + " themself removes "
                        + uid);
            }
            if (!isMember(uid, conversationId)) {
                throw ApiException.notFound("uid " + uid + " is not a member of group " + groupId);
            }
            if (uid.equals(group.ownerUid()) && group.memberCount() > 1) {
                throw ApiException.conflict("the owner cannot leave group " + groupId + " while "
                        + (group.memberCount() - 1) + " other members remain");
            }
            memberSet.delete(conversationId, conversation.memberVersion() + 1);
            memberships.markLeft(uid, conversationId, conversation.maxSeq());
            changed(groupId, conversationId, -1);
        });
        mirror(conversationId);
    }

    private LockedConversation lock(String conversationId, String groupId) {
        LockedConversation conversation = mapper.selectConversationForUpdate(conversationId);
        if (conversation == null) {
            throw ApiException.notFound("group " + groupId + " does not exist");
        }
        return conversation;
    }

    private GroupRow requireGroup(String groupId) {
        GroupRow group = mapper.selectGroup(groupId);
        if (group == null) {
            throw ApiException.notFound("group " + groupId + " does not exist");
        }
        return group;
    }

    private boolean isMember(String uid, String conversationId) {
        MembershipState state = memberships.selectMembership(uid, conversationId);
        return state != null && state.current();
    }

    private void changed(String groupId, String conversationId, int delta) {
        mapper.addToMemberCount(groupId, delta);
        mapper.raiseMemberVersion(conversationId);
    }

    /** After a commit: the Redis mirror again (best effort: a missing mirror is rebuilt on the connector's next ask). */
    private void mirror(String conversationId) {
        directory.evict(conversationId);
        try {
            memberSet.write(conversationId, directory.load(conversationId));
        } catch (RuntimeException e) {
            log.warn("member set of {} not written, it will be rebuilt on demand: {}", conversationId, e.toString());
        }
    }
}
