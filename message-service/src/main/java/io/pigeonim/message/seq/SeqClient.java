package io.pigeonim.message.seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.http.InternalResponse;
import io.pigeonim.common.http.UnreachableException;
import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationResponse;
import io.pigeonim.common.seq.SeqRange;
import tools.jackson.core.JacksonException;

/**
 * Allocates seq ranges from seq-service, all conversations of a batch in one call
 * ({@code POST /internal/v1/seqs}, docs/internal-contracts.md).
 */
public final class SeqClient {

    /** seq-service takes at most this many conversations per call, and at most this many seqs per conversation. */
    public static final int MAX_PER_CALL = Math.min(SeqAllocationRequest.MAX_ALLOCATIONS, SeqAllocationRequest.MAX_COUNT);

    private static final String ROUTE = "/internal/v1/seqs";

    private final InternalClient http;
    private final String baseUrl;
    private final String endpoint;
    private final MeterRegistry meters;
    private final Timer allocated;
    private final Timer failed;

    /** @param http a client signing as this service, its read timeout the seq timeout, in the caller's trace */
    public SeqClient(InternalClient http, String baseUrl, MeterRegistry meters) {
        this.http = http;
        this.baseUrl = baseUrl;
        this.endpoint = InternalClient.join(baseUrl, ROUTE);
        this.meters = meters;
        this.allocated = calls(meters, "success");
        this.failed = calls(meters, "failure");
    }

    private static Timer calls(MeterRegistry meters, String outcome) {
        return Timer.builder("pigeon.message.seqs.allocated")
                .description("One call to seq-service for the seqs of a batch, until answered")
                .tag("outcome", outcome).register(meters);
    }

    /**
     * Allocates {@code count} seqs for each conversation.
     *
     * @param counts conversationId → count (1..1000), at most 1000 conversations, in a stable order
     * @return conversationId → its range, in the order asked
     * @throws SeqUnavailableException when seq-service is unreachable, times out or answers 5xx, 408 or 429
     * @throws SeqRefusedException when it answers anything else but the ranges asked for
     */
    public Map<String, SeqRange> allocate(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return new LinkedHashMap<>();
        }
        if (counts.size() > MAX_PER_CALL) {
            throw new IllegalArgumentException("counts: " + counts.size() + " conversations (expected: 1.." + MAX_PER_CALL + ")");
        }
        Timer.Sample call = Timer.start(meters);
        Timer outcome = failed;
        try {
            Map<String, SeqRange> ranges = call(counts);
            outcome = allocated;
            return ranges;
        } finally {
            call.stop(outcome);
        }
    }

    private Map<String, SeqRange> call(Map<String, Integer> counts) {
        List<SeqAllocationRequest.Allocation> allocations = new ArrayList<>(counts.size());
        counts.forEach((conversationId, count) -> allocations.add(new SeqAllocationRequest.Allocation(conversationId, count)));
        InternalResponse response;
        try {
            response = http.post(baseUrl, ROUTE, new SeqAllocationRequest(allocations));
        } catch (UnreachableException e) {
            throw new SeqUnavailableException("seq-service at " + endpoint + " unreachable: " + e.getCause(), e);
        }
        int status = response.status();
        if (status >= 500 || status == 408 || status == 429) {
            throw new SeqUnavailableException("seq-service at " + endpoint + " answered " + status);
        }
        if (status != 200) {
            throw new SeqRefusedException("seq-service at " + endpoint + " answered " + status);
        }
        return ranges(counts, response);
    }

    private Map<String, SeqRange> ranges(Map<String, Integer> counts, InternalResponse response) {
        SeqAllocationResponse answer;
        try {
            answer = response.read(SeqAllocationResponse.class);
        } catch (JacksonException e) {
            throw new SeqRefusedException("seq-service answered malformed ranges: " + e.getOriginalMessage(), e);
        }
        Map<String, SeqRange> ranges = new LinkedHashMap<>();
        if (answer.ranges() != null) {
            for (SeqRange range : answer.ranges()) {
                ranges.put(range.conversationId(), range);
            }
        }
        for (Map.Entry<String, Integer> asked : counts.entrySet()) {
            SeqRange range = ranges.get(asked.getKey());
            if (range == null || range.first() < 1 || range.count() != asked.getValue()) {
                throw new SeqRefusedException("seq-service answered " + range + " for " + asked.getValue()
                        + " seqs of " + asked.getKey());
            }
        }
        return ranges;
    }

}
