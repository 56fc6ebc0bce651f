package io.pigeonim.seq.allocation;

import java.util.ArrayList;
import java.util.List;

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
    AllocationResponse allocate(@RequestBody AllocationRequest request) {
        List<AllocationRequest.Allocation> allocations = request.validated();
        List<SeqAllocator.Want> wants = new ArrayList<>(allocations.size());
        allocations.forEach(a -> wants.add(new SeqAllocator.Want(a.conversationId(), a.count())));
        return new AllocationResponse(allocator.allocate(wants));
    }
}
