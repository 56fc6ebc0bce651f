package io.pigeonim.message.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class MembersTest {

    @Test
    void aMemberSeesTheSeqsAfterTheOneTheyJoinedAt() {
        Members members = Members.of(7, Map.of("carol", 10L, "alice", 0L, "bob", 3L));

        assertThat(members.uids()).containsExactly("alice", "bob", "carol");
        assertThat(members.audienceOf(3)).containsExactly("alice");
        assertThat(members.audienceOf(4)).containsExactly("alice", "bob");
        assertThat(members.audienceOf(11)).containsExactly("alice", "bob", "carol");
        assertThat(members.isMember("bob")).isTrue();
        assertThat(members.isMember("dave")).isFalse();
        assertThat(members.exists()).isTrue();
        assertThat(members.version()).isEqualTo(7);
    }

    @Test
    void noGroupHasNoMembers() {
        assertThat(Members.NONE.exists()).isFalse();
        assertThat(Members.NONE.isMember("alice")).isFalse();
        assertThat(Members.of(2, Map.of()).exists()).isTrue();
    }
}
