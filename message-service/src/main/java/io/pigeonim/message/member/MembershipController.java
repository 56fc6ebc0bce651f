package io.pigeonim.message.member;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.web.ApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /internal/v1/conversations/{conversationId}/members/{uid}}: 204 a member now, 403 not a member,
 * 404 no such group. connector-service asks when the Redis member set is missing; the answer rebuilds it.
 */
@RestController
class MembershipController {

    private static final Logger log = LoggerFactory.getLogger(MembershipController.class);

    private final MemberDirectory directory;
    private final RedisMemberSet memberSet;

    MembershipController(MemberDirectory directory, RedisMemberSet memberSet) {
        this.directory = directory;
        this.memberSet = memberSet;
    }

    @GetMapping("/internal/v1/conversations/{conversationId}/members/{uid}")
    ResponseEntity<Void> member(@PathVariable String conversationId, @PathVariable String uid) {
        if (!Ids.isUid(uid)) {
            throw ApiException.badRequest("uid: \"" + uid + "\" (expected: " + Ids.UID.pattern() + ")");
        }
        ConversationId conversation;
        try {
            conversation = ConversationId.parse(conversationId);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        boolean member;
        if (conversation.isDirect()) {
            member = conversation.hasMember(uid);
        } else {
            Members members = directory.current(conversationId);
            if (!members.exists()) {
                throw ApiException.notFound("group " + conversationId + " does not exist");
            }
            rebuildMirror(conversationId, members);
            member = members.isMember(uid);
        }
        if (!member) {
            throw ApiException.forbidden("uid " + uid + " is not a member of " + conversationId);
        }
        return ResponseEntity.noContent().build();
    }

    /** The connector asks because the set is missing (lost, expired, or deleted by a change): write it again. */
    private void rebuildMirror(String conversationId, Members members) {
        try {
            if (!memberSet.exists(conversationId)) {
                memberSet.write(conversationId, members);
            }
        } catch (RuntimeException e) {
            log.debug("member set of {} not rebuilt: {}", conversationId, e.toString());
        }
    }
}
