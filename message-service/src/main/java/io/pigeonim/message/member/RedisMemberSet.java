package io.pigeonim.message.member;

import java.time.Duration;
import java.util.List;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The Redis mirror of a group's current members, {@code pigeon:members:{g:<groupId>}} (a SET of uids), read by
 * connector-service to refuse a non-member's send at once (docs/internal-contracts.md).
 *
 * <p>A change deletes the set before its transaction commits and writes it again after; a missing set means
 * "ask message-service" ({@code GET /internal/v1/conversations/{id}/members/{uid}}), which rebuilds it. The TTL
 * bounds how long a set can stay stale if this process dies between a commit and the rewrite.
 */
public final class RedisMemberSet {

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RedisMemberSet(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    public static String key(String conversationId) {
        return "pigeon:members:{" + conversationId + "}";
    }

    /**
     * Deletes the mirror; called inside a membership change's transaction, before it commits.
     *
     * @throws DataAccessException when Redis is unreachable: the change must then not commit
     */
    public void delete(String conversationId) {
        redis.delete(key(conversationId));
    }

    public boolean exists(String conversationId) {
        return Boolean.TRUE.equals(redis.hasKey(key(conversationId)));
    }

    /** Replaces the mirror with {@code members} in one MULTI/EXEC; an empty group leaves no key (Redis has no empty set). */
    public void write(String conversationId, Members members) {
        String key = key(conversationId);
        List<String> uids = members.uids();
        redis.execute(new SessionCallback<List<Object>>() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public List<Object> execute(RedisOperations operations) {
                operations.multi();
                operations.delete(key);
                if (!uids.isEmpty()) {
                    operations.opsForSet().add(key, uids.toArray(String[]::new));
                    operations.expire(key, ttl);
                }
                return operations.exec();
            }
        });
    }
}
