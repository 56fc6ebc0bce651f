package io.pigeonim.message.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Issue 13: a rebuild of a group's member set that read the members before a removal committed must not bring the
 * removed member back (the set is versioned; an older write is refused).
 */
class RedisMemberSetIT {

    private static LettuceConnectionFactory factory;
    private static StringRedisTemplate redis;

    @BeforeAll
    static void connect() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration(TestInfra.redisHost(),
                TestInfra.redisPort()));
        factory.afterPropertiesSet();
        redis = new StringRedisTemplate(factory);
    }

    @AfterAll
    static void close() {
        factory.destroy();
    }

    @Test
    void aRebuildReadBeforeARemovalCommittedIsRefusedAndTheNewerSetStays() {
        RedisMemberSet set = new RedisMemberSet(redis, Duration.ofMinutes(5));
        String group = "g:it" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Members withBob = Members.of(1, Map.of("alice", 0L, "bob", 0L));
        Members withoutBob = Members.of(2, Map.of("alice", 0L));
        try {
            assertThat(set.write(group, withBob)).isTrue();

            // bob's removal, inside its transaction: the mirror goes, its version is raised to the one committed
            set.delete(group, 2);
            // a connector's ask read the members just before the commit and rebuilds now
            assertThat(set.write(group, withBob)).as("a stale rebuild").isFalse();
            assertThat(set.exists(group)).isFalse();
            // after the commit
            assertThat(set.write(group, withoutBob)).isTrue();
            assertThat(set.write(group, withBob)).as("a stale rebuild after the rewrite").isFalse();

            assertThat(redis.opsForSet().members(RedisKeys.members(group))).containsExactly("alice");
            assertThat(redis.getExpire(RedisKeys.members(group))).isPositive();
        } finally {
            redis.delete(RedisKeys.members(group));
            redis.delete(RedisKeys.membersVersion(group));
        }
    }
}
