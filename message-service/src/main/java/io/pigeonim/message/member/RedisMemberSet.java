package io.pigeonim.message.member;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.redis.RedisKeys;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Redis mirror of a group's current members, {@code pigeon:members:{g:<groupId>}} (a SET of uids), read by
 * connector-service to refuse a non-member's send at once (docs/internal-contracts.md), and beside it the member
 * version it mirrors, {@code pigeon:members-version:{g:<groupId>}}.
 *
 * <p>A change deletes the set before its transaction commits, raising the stored version to the one it commits,
 * and writes the set again after; a missing set means "ask message-service"
 * ({@code GET /internal/v1/conversations/{id}/members/{uid}}), which rebuilds it. A write carries the version it was
 * read at and is refused when the stored version is newer: a rebuild that read the members just before a removal
 * committed cannot bring the removed member back (issue 13). The TTL bounds how long a set can stay stale if this
 * process dies between a commit and the rewrite.
 */
public final class RedisMemberSet {

    /** KEYS: the set, its version; ARGV: version, ttl seconds, uids...; 1 written, 0 refused (a newer one is there). */
    private static final RedisScript<Long> WRITE = new DefaultRedisScript<>("""
            local stored = redis.call('GET', KEYS[2])
            if stored and tonumber(stored) > tonumber(ARGV[1]) then return 0 end
            redis.call('DEL', KEYS[1])
            if #ARGV > 2 then
              redis.call('SADD', KEYS[1], unpack(ARGV, 3))
              redis.call('EXPIRE', KEYS[1], ARGV[2])
            end
            redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
            return 1
            """, Long.class);

    /** KEYS: the set, its version; ARGV: the version being committed, ttl seconds. */
    private static final RedisScript<Long> INVALIDATE = new DefaultRedisScript<>("""
            redis.call('DEL', KEYS[1])
            local stored = redis.call('GET', KEYS[2])
            if not stored or tonumber(stored) < tonumber(ARGV[1]) then
              redis.call('SET', KEYS[2], ARGV[1], 'EX', ARGV[2])
            end
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;

    public RedisMemberSet(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /**
     * Deletes the mirror and raises its version to {@code committing}; called inside a membership change's
     * transaction, before it commits.
     *
     * @throws DataAccessException when Redis is unreachable: the change must then not commit
     */
    public void delete(String conversationId, long committing) {
        redis.execute(INVALIDATE, List.of(RedisKeys.members(conversationId), RedisKeys.membersVersion(conversationId)),
                Long.toString(committing), Long.toString(ttl.toSeconds()));
    }

    public boolean exists(String conversationId) {
        return Boolean.TRUE.equals(redis.hasKey(RedisKeys.members(conversationId)));
    }

    /**
     * Replaces the mirror with {@code members}, atomically, unless a newer version is stored; an empty group leaves no
     * set (Redis has no empty set). Returns whether it was written.
     */
    public boolean write(String conversationId, Members members) {
        List<String> args = new ArrayList<>(members.uids().size() + 2);
        args.add(Long.toString(members.version()));
        args.add(Long.toString(ttl.toSeconds()));
        args.addAll(members.uids());
        Long written = redis.execute(WRITE, List.of(RedisKeys.members(conversationId), RedisKeys.membersVersion(conversationId)),
                args.toArray(String[]::new));
        return written != null && written == 1L;
    }
}
