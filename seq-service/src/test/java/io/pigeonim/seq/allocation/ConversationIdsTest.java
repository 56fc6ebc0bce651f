package io.pigeonim.seq.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"p:alice:bob", "p:Bob:alice", "p:a.b:a_c", "p:1:2", "g:team-1", "g:A_b-9"})
    void acceptsWellFormedIds(String id) {
        assertThat(ConversationIds.valid(id)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "p:", "p:alice", "p:bob:alice", "p:alice:alice", "p:alice:bob:carol", "p::bob",
            "p:al ice:bob", "g:", "g:a.b", "g:a:b", "x:alice:bob", "P:alice:bob", "p:alice:bób"})
    void refusesMalformedIds(String id) {
        assertThat(ConversationIds.valid(id)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 65})
    void limitsUidsTo64Characters(int length) {
        String uid = "a".repeat(length);
        assertThat(ConversationIds.valid("p:" + uid + ":b")).isEqualTo(length <= 64);
        assertThat(ConversationIds.valid("g:" + uid)).isEqualTo(length <= 64);
    }

    @org.junit.jupiter.api.Test
    void namesTheFieldAndTheExpectation() {
        assertThatThrownBy(() -> ConversationIds.check("allocations[2].conversationId", "p:bob:alice"))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("allocations[2].conversationId: 'p:bob:alice' (expected: p:<uidA>:<uidB> with uidA < uidB,"
                        + " or g:<groupId>)");
    }
}
