package io.pigeonim.message.seq;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.seq.SeqAllocationRequest;
import io.pigeonim.common.seq.SeqAllocationResponse;
import io.pigeonim.common.seq.SeqRange;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;
import tools.jackson.core.JacksonException;

/**
 * Allocates seq ranges from seq-service, all conversations of a batch in one call
 * ({@code POST /internal/v1/seqs}, docs/internal-contracts.md).
 */
public final class SeqClient {

    /** seq-service takes at most this many conversations per call, and at most this many seqs per conversation. */
    public static final int MAX_PER_CALL = Math.min(SeqAllocationRequest.MAX_ALLOCATIONS, SeqAllocationRequest.MAX_COUNT);

    private final HttpClient http;
    private final ServiceTrust trust;
    private final URI endpoint;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final Timer allocated;
    private final Timer failed;
    private final Traces traces;

    public SeqClient(HttpClient http, ServiceTrust trust, String baseUrl, Duration timeout, MeterRegistry meters,
            Traces traces) {
        this.http = http;
        this.traces = traces;
        this.trust = trust;
        this.endpoint = URI.create(baseUrl.replaceAll("/+$", "") + "/internal/v1/seqs");
        this.timeout = timeout;
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
        HttpRequest request = trust.post(endpoint, PigeonJson.mapper().writeValueAsBytes(new SeqAllocationRequest(allocations)))
                .timeout(timeout)
                .build();
        HttpResponse<byte[]> response;
        try {
            response = traces.send(http, request, "/internal/v1/seqs", HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new SeqUnavailableException("seq-service at " + endpoint + " unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeqUnavailableException("interrupted while allocating seqs", e);
        }
        int status = response.statusCode();
        if (status >= 500 || status == 408 || status == 429) {
            throw new SeqUnavailableException("seq-service at " + endpoint + " answered " + status);
        }
        if (status != 200) {
            throw new SeqRefusedException("seq-service at " + endpoint + " answered " + status);
        }
        return ranges(counts, response.body());
    }

    private Map<String, SeqRange> ranges(Map<String, Integer> counts, byte[] body) {
        SeqAllocationResponse answer;
        try {
            answer = PigeonJson.mapper().readValue(body, SeqAllocationResponse.class);
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
