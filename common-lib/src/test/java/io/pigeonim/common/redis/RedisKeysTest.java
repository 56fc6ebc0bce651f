package io.pigeonim.common.redis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedisKeysTest {

    /** The key names are a contract between processes of different versions during a rollout: they must not drift. */
    @Test
    void keysAreTheDocumentedNames() {
        assertThat(RedisKeys.route("alice")).isEqualTo("pigeon:route:{alice}");
        assertThat(RedisKeys.connector("c-1")).isEqualTo("pigeon:connector:c-1");
        assertThat(RedisKeys.members("g:42")).isEqualTo("pigeon:members:{g:42}");
        assertThat(RedisKeys.membersVersion("g:42")).isEqualTo("pigeon:members-version:{g:42}");
        assertThat(RedisKeys.seq(RedisKeys.SEQ_PREFIX, "p:alice:bob")).isEqualTo("pigeon:seq:{p:alice:bob}");
    }

    /** A group's member set and its version share one cluster slot, so one script can update both. */
    @Test
    void aConversationsKeysHashByItsIdAlone() {
        String group = "g:team-7";
        assertThat(hashTag(RedisKeys.members(group))).isEqualTo(group);
        assertThat(hashTag(RedisKeys.membersVersion(group))).isEqualTo(group);
        assertThat(hashTag(RedisKeys.seq(RedisKeys.SEQ_PREFIX, group))).isEqualTo(group);
        assertThat(hashTag(RedisKeys.route("alice"))).isEqualTo("alice");
    }

    /** What Redis Cluster hashes: the text between the first '{' and the next '}', when not empty. */
    private static String hashTag(String key) {
        int open = key.indexOf('{');
        int close = open < 0 ? -1 : key.indexOf('}', open + 1);
        return close > open + 1 ? key.substring(open + 1, close) : key;
    }
}
