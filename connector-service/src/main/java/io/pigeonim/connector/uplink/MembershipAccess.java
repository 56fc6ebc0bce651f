package io.pigeonim.connector.uplink;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.pigeonim.common.redis.RedisKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;

/**
 * {@link ConversationAccess} for every kind of conversation. One-to-one: decided from the id (the sender
 * must be one of its two users). Group: the Redis set {@code pigeon:members:{g:<groupId>}} that
 * message-service keeps (SISMEMBER and EXISTS in one round trip); when the set is missing or Redis does
 * not answer, message-service's {@code GET /internal/v1/conversations/{id}/members/{uid}}, which also
 * rebuilds the set (docs/internal-contracts.md).
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

    private final StringRedisTemplate redis;
    private final HttpClient http;
    private final ServiceTrust trust;
    private final String messageUrl;
    private final Duration timeout;
    private final Traces traces;

    public MembershipAccess(StringRedisTemplate redis, HttpClient http, ServiceTrust trust, String messageUrl,
            Duration timeout, Traces traces) {
        this.traces = traces;
        this.redis = redis;
        this.trust = trust;
        this.http = http;
        this.messageUrl = messageUrl.replaceAll("/+$", "");
        this.timeout = timeout;
    }

    @Override
    public Refusal check(String uid, ConversationId conversation) {
        if (!conversation.isGroup()) {
            return conversation.hasMember(uid) ? null : notMember(uid, conversation);
        }
        Boolean cached = fromRedis(uid, conversation);
        if (cached != null) {
            return cached ? null : notMember(uid, conversation);
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

    private Refusal fromMessageService(String uid, ConversationId group) {
        URI uri = URI.create(messageUrl + "/internal/v1/conversations/" + encode(group.toString()) + "/members/"
                + encode(uid));
        HttpResponse<Void> response;
        try {
            // in the trace of the send being checked, when tracing is on
            response = traces.send(http, trust.get(uri).timeout(timeout).build(), MEMBERS_ROUTE,
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            log.warn("membership of {} in {} unknown: message-service did not answer ({})", uid, group, e.toString());
            return unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable();
        }
        return switch (response.statusCode()) {
            case 204 -> null;
            case 403 -> notMember(uid, group);
            case 404 -> new Refusal(ErrorCode.NOT_FOUND, "conversationId: " + group + ": no such group");
            default -> {
                log.warn("membership of {} in {} unknown: message-service answered {}", uid, group,
                        response.statusCode());
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

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
