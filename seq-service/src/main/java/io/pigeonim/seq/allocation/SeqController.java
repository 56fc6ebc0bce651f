package io.pigeonim.seq.allocation;

import java.util.ArrayList;
import java.util.List;

import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationResponse;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /internal/v1/seqs} (docs/internal-contracts.md). */
@RestController
public class SeqController {

    private final SeqAllocator allocator;

    public SeqController(SeqAllocator allocator) {
        this.allocator = allocator;
    }

    @PostMapping("/internal/v1/seqs")
    SeqAllocationResponse allocate(@RequestBody SeqAllocationRequest request) {
        List<SeqAllocationRequest.Allocation> allocations = AllocationValidation.validated(request);
        List<SeqAllocator.Want> wants = new ArrayList<>(allocations.size());
        allocations.forEach(a -> wants.add(new SeqAllocator.Want(a.conversationId(), a.count())));
        return new SeqAllocationResponse(allocator.allocate(wants));
    }
}
