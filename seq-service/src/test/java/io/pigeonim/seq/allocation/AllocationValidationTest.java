package io.pigeonim.seq.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationRequest.Allocation;
import org.junit.jupiter.api.Test;

class AllocationValidationTest {

    @Test
    void acceptsUpTo1000DistinctConversations() {
        List<Allocation> many = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            many.add(new Allocation("g:c" + i, 1000));
        }
        assertThat(AllocationValidation.validated(new SeqAllocationRequest(many))).hasSize(1000);
    }

    @Test
    void refusesEmptyOrTooManyEntries() {
        assertThatThrownBy(() -> AllocationValidation.validated(new SeqAllocationRequest(null)))
                .hasMessageContaining("allocations: missing");
        assertThatThrownBy(() -> AllocationValidation.validated(new SeqAllocationRequest(List.of())))
                .hasMessage("allocations: 0 entries (expected: 1..1000 entries)");
        List<Allocation> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add(new Allocation("g:c" + i, 1));
        }
        assertThatThrownBy(() -> AllocationValidation.validated(new SeqAllocationRequest(many)))
                .hasMessage("allocations: 1001 entries (expected: 1..1000 entries)");
    }

    @Test
    void refusesBadCountsAndRepeatedConversations() {
        assertThatThrownBy(() -> AllocationValidation.validated(
                new SeqAllocationRequest(List.of(new Allocation("g:a", 0)))))
                .hasMessage("allocations[0].count: 0 (expected: 1..1000)");
        assertThatThrownBy(() -> AllocationValidation.validated(
                new SeqAllocationRequest(List.of(new Allocation("g:a", null)))))
                .hasMessage("allocations[0].count: null (expected: 1..1000)");
        assertThatThrownBy(() -> AllocationValidation.validated(new SeqAllocationRequest(
                List.of(new Allocation("g:a", 1), new Allocation("g:a", 2)))))
                .hasMessage("allocations[1].conversationId: g:a (expected: each conversation at most once per call)");
    }

    @Test
    void refusesMalformedConversationIdsNamingTheEntry() {
        assertThatThrownBy(() -> AllocationValidation.validated(new SeqAllocationRequest(
                List.of(new Allocation("g:a", 1), new Allocation("p:bob:alice", 1)))))
                .hasMessage("allocations[1].conversationId: 'p:bob:alice' (expected: p:<uidA>:<uidB> with uidA < uidB,"
                        + " or g:<groupId>)");
        assertThatThrownBy(() -> AllocationValidation.validated(
                new SeqAllocationRequest(List.of(new Allocation(null, 1)))))
                .hasMessageContaining("allocations[0].conversationId: missing");
    }
}
