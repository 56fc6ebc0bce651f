package io.pigeonim.connector.uplink;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.async.Failures;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.id.ConversationId;

/**
 * {@link ConversationAccess} for every kind of conversation. One-to-one: decided from the id (the sender
 * must be one of its two users). Group: the Redis set {@code pigeon:members:{g:<groupId>}} that
 * message-service keeps (SISMEMBER and EXISTS in one round trip); when the set is missing or Redis does
 * not answer, message-service's {@code GET /internal/v1/conversations/{id}/members/{uid}}, which also
 * rebuilds the set (docs/internal-contracts.md), asked on the internal client's threads: the socket thread never
 * waits for message-service.
 *
 * @implNote The set may lag a membership change by one commit. That is safe both ways: message-service
 *     checks membership again when it stores and dead-letters a removed member's send; an added member
 *     refused in that instant resends.
 */
public final class MembershipAccess implements ConversationAccess {

    private static final Logger log = LoggerFactory.getLogger(MembershipAccess.class);
    /**
     * 1 member, 0 not, -1 no set: one round trip on the shared connection (a pipeline would take a connection of
     * its own, a new one per call without a pool).
     */
    private static final RedisScript<Long> IS_MEMBER = new DefaultRedisScript<>(
            "if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end "
                    + "return redis.call('SISMEMBER', KEYS[1], ARGV[1])", Long.class);

    private static final String MEMBERS_ROUTE = "/internal/v1/conversations/{conversationId}/members/{uid}";
    /** The answer of most checks, shared: one-to-one senders and members found in the set allocate nothing. */
    private static final CompletableFuture<Refusal> ALLOWED = CompletableFuture.completedFuture(null);

    private final StringRedisTemplate redis;
    private final InternalClient http;
    private final String messageUrl;

    /** @param http a client with threads, signing as this service, its read timeout the membership check's */
    public MembershipAccess(StringRedisTemplate redis, InternalClient http, String messageUrl) {
        this.redis = redis;
        this.http = http;
        this.messageUrl = messageUrl;
    }

    @Override
    public CompletableFuture<Refusal> check(String uid, ConversationId conversation) {
        if (!conversation.isGroup()) {
            return conversation.hasMember(uid) ? ALLOWED : CompletableFuture.completedFuture(notMember(uid, conversation));
        }
        Boolean cached = fromRedis(uid, conversation);
        if (cached != null) {
            return cached ? ALLOWED : CompletableFuture.completedFuture(notMember(uid, conversation));
        }
        return fromMessageService(uid, conversation);
    }

    /** True or false from the member set; null when the set is missing or Redis fails. */
    private Boolean fromRedis(String uid, ConversationId group) {
        try {
            Long answer = redis.execute(IS_MEMBER, List.of(RedisKeys.members(group.toString())), uid);
            return answer == null || answer < 0 ? null : answer == 1;
        } catch (DataAccessException e) {
            log.debug("member set of {} unreadable, asking message-service: {}", group, e.toString());
            return null;
        }
    }

    private CompletableFuture<Refusal> fromMessageService(String uid, ConversationId group) {
        // in the trace of the send being checked, when tracing is on
        return http.getAsync(messageUrl, MEMBERS_ROUTE, group.toString(), uid).handle((response, failure) -> {
            if (failure != null) {
                log.warn("membership of {} in {} unknown: message-service did not answer ({})", uid, group,
                        String.valueOf(Failures.unwrap(failure).getCause()));
                return unavailable();
            }
            return byStatus(response.status(), uid, group);
        });
    }

    private static Refusal byStatus(int status, String uid, ConversationId group) {
        return switch (status) {
            case 204 -> null;
            case 403 -> notMember(uid, group);
            case 404 -> new Refusal(ErrorCode.NOT_FOUND, "conversationId: " + group + ": no such group");
            default -> {
                log.warn("membership of {} in {} unknown: message-service answered {}", uid, group, status);
                yield unavailable();
            }
        };
    }

    private static Refusal notMember(String uid, ConversationId conversation) {
        return new Refusal(ErrorCode.FORBIDDEN, "conversationId: " + conversation + " (expected: a conversation of "
                + uid + ")");
    }

    private static Refusal unavailable() {
        return new Refusal(ErrorCode.UNAVAILABLE, "membership cannot be checked now, try again later");
    }
}
