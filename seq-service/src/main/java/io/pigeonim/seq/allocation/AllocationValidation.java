package io.pigeonim.seq.allocation;

import io.pigeonim.common.web.ApiException;

import static io.pigeonim.common.seq.SeqAllocationRequest.MAX_ALLOCATIONS;
import static io.pigeonim.common.seq.SeqAllocationRequest.MAX_COUNT;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationRequest.Allocation;

/** seq-service's checks of a {@link SeqAllocationRequest} (the contract and its limits live in common-lib). */
final class AllocationValidation {

    private AllocationValidation() {
    }

    /** The allocations, checked; the first problem found is a {@link ApiException} ({@code BAD_REQUEST}). */
    static List<Allocation> validated(SeqAllocationRequest request) {
        List<Allocation> allocations = request.allocations();
        if (allocations == null || allocations.isEmpty() || allocations.size() > MAX_ALLOCATIONS) {
            throw ApiException.badRequest("allocations: " + (allocations == null ? "missing" : allocations.size()
                    + " entries") + " (expected: 1.." + MAX_ALLOCATIONS + " entries)");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < allocations.size(); i++) {
            Allocation a = allocations.get(i);
            String where = "allocations[" + i + "]";
            if (a == null) {
                throw ApiException.badRequest(where + ": null (expected: an object)");
            }
            if (!ConversationId.isValid(a.conversationId())) {
                throw ApiException.badRequest(where + ".conversationId: "
                        + (a.conversationId() == null ? "missing" : "'" + a.conversationId() + "'")
                        + " (expected: p:<uidA>:<uidB> with uidA < uidB, or g:<groupId>)");
            }
            if (a.count() == null || a.count() < 1 || a.count() > MAX_COUNT) {
                throw ApiException.badRequest(where + ".count: " + a.count() + " (expected: 1.." + MAX_COUNT + ")");
            }
            if (!seen.add(a.conversationId())) {
                throw ApiException.badRequest(where + ".conversationId: " + a.conversationId()
                        + " (expected: each conversation at most once per call)");
            }
        }
        return allocations;
    }
}
