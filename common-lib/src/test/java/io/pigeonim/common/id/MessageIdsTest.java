package io.pigeonim.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MessageIdsTest {

    @Test
    void sameSenderAndClientMsgIdGiveTheSameId() {
        assertThat(MessageIds.of("alice", "m-1")).isEqualTo(MessageIds.of("alice", "m-1"));
    }

    @Test
    void idsAre22UrlSafeCharacters() {
        assertThat(MessageIds.of("alice", "m-1")).matches("[A-Za-z0-9_-]{22}");
    }

    @Test
    void differentKeysGiveDifferentIds() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(MessageIds.of("alice", "m-" + i));
            ids.add(MessageIds.of("bob", "m-" + i));
        }
        assertThat(ids).hasSize(20_000);
        // the separator keeps ("ab","c") and ("a","bc") apart
        assertThat(MessageIds.of("ab", "c")).isNotEqualTo(MessageIds.of("a", "bc"));
    }

    @Test
    void refusesMalformedParts() {
        assertThatThrownBy(() -> MessageIds.of("al ice", "m")).hasMessageContaining("senderId");
        assertThatThrownBy(() -> MessageIds.of("alice", "")).hasMessageContaining("clientMsgId");
    }
}
