package io.pigeonim.common.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConversationIdTest {

    @Test
    void directOrdersTheTwoUidsByBytes() {
        assertThat(ConversationId.direct("bob", "alice").value()).isEqualTo("p:alice:bob");
        assertThat(ConversationId.direct("alice", "bob").value()).isEqualTo("p:alice:bob");
        // upper case sorts before lower case in byte order
        assertThat(ConversationId.direct("alice", "Zed").value()).isEqualTo("p:Zed:alice");
    }

    @Test
    void parsesOneToOneAndKnowsItsMembers() {
        ConversationId id = ConversationId.parse("p:alice:bob");
        assertThat(id.isDirect()).isTrue();
        assertThat(id.members()).containsExactly("alice", "bob");
        assertThat(id.peerOf("alice")).isEqualTo("bob");
        assertThat(id.hasMember("carol")).isFalse();
        assertThatThrownBy(() -> id.peerOf("carol")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesGroup() {
        ConversationId id = ConversationId.parse("g:team-1");
        assertThat(id.isGroup()).isTrue();
        assertThat(id.groupId()).isEqualTo("team-1");
        assertThatThrownBy(id::members).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p:", "p:alice", "p:bob:alice", "p:alice:alice", "p:alice:bob:carol",
        "p:al ice:bob", "g:", "g:team.1", "x:alice:bob", "P:alice:bob"})
    void refusesMalformedIdsWithTheValueInTheMessage(String value) {
        assertThatThrownBy(() -> ConversationId.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conversationId");
        assertThat(ConversationId.isValid(value)).isFalse();
    }

    @Test
    void refusesNull() {
        assertThat(ConversationId.isValid(null)).isFalse();
    }

    @Test
    void refusesAConversationWithOneself() {
        assertThatThrownBy(() -> ConversationId.direct("alice", "alice"))
                .hasMessageContaining("two distinct users");
    }

    @Test
    void acceptsLongestLegalUids() {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        assertThat(ConversationId.parse("p:" + a + ":" + b).members()).containsExactly(a, b);
        assertThat(ConversationId.isValid("p:" + a + "a:" + b)).isFalse();
    }
}
