package io.pigeonim.seq.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.pigeonim.seq.allocation.AllocationRequest.Allocation;
import org.junit.jupiter.api.Test;

class AllocationRequestTest {

    @Test
    void acceptsUpTo1000DistinctConversations() {
        List<Allocation> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new Allocation("g:c" + i, 1000));
        }
        assertThat(new AllocationRequest(many).validated()).hasSize(1000);
    }

    @Test
    void refusesEmptyOrTooManyEntries() {
        assertThatThrownBy(() -> new AllocationRequest(null).validated()).hasMessageContaining("allocations: missing");
        assertThatThrownBy(() -> new AllocationRequest(List.of()).validated())
                .hasMessage("allocations: 0 entries (expected: 1..1000 entries)");
        List<Allocation> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(new Allocation("g:c" + i, 1));
        }
        assertThatThrownBy(() -> new AllocationRequest(many).validated())
                .hasMessage("allocations: 1001 entries (expected: 1..1000 entries)");
    }

    @Test
    void refusesBadCountsAndRepeatedConversations() {
        assertThatThrownBy(() -> new AllocationRequest(List.of(new Allocation("g:a", 0))).validated())
                .hasMessage("allocations[0].count: 0 (expected: 1..1000)");
        assertThatThrownBy(() -> new AllocationRequest(List.of(new Allocation("g:a", null))).validated())
                .hasMessage("allocations[0].count: null (expected: 1..1000)");
        assertThatThrownBy(() -> new AllocationRequest(List.of(new Allocation("g:a", 1), new Allocation("g:a", 2)))
                .validated())
                .hasMessage("allocations[1].conversationId: g:a (expected: each conversation at most once per call)");
    }

    @Test
    void refusesMalformedConversationIdsNamingTheEntry() {
        assertThatThrownBy(() -> new AllocationRequest(List.of(new Allocation("g:a", 1),
                new Allocation("p:bob:alice", 1))).validated())
                .hasMessage("allocations[1].conversationId: 'p:bob:alice' (expected: p:<uidA>:<uidB> with uidA < uidB,"
                        + " or g:<groupId>)");
        assertThatThrownBy(() -> new AllocationRequest(List.of(new Allocation(null, 1))).validated())
                .hasMessageContaining("allocations[0].conversationId: missing");
    }
}
