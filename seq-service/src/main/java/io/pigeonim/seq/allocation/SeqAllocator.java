package io.pigeonim.seq.allocation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.seq.SeqRange;
import io.pigeonim.seq.counter.CounterReply;
import io.pigeonim.seq.counter.CounterUnavailableException;
import io.pigeonim.seq.counter.SeqCounter;
import io.pigeonim.seq.counter.SeqCounter.Block;
import io.pigeonim.seq.counter.SeqCounter.CountRequest;
import io.pigeonim.seq.mark.HighWaterMarks;
import io.pigeonim.seq.mark.HighWaterMarks.RaisedBlock;
import io.pigeonim.seq.mark.MarkUnavailableException;

/**
 * Hands out seq ranges: from the Redis counters while their block lasts, raising the durable
 * MySQL mark first whenever a block is used up or a counter was lost (docs/adr/0002).
 *
 * <p>One call works in rounds over the conversations still open: a round asks every counter at
 * once, raises the marks of all that need a block in one transaction, then extends live counters
 * or rebuilds lost ones (stage, re-read the mark, activate). The call answers once every
 * conversation is granted, or 503s after {@code maxWait}; ranges granted to a call that then
 * fails are never handed out again (a hole).
 */
public class SeqAllocator {

    private final SeqCounter counter;
    private final HighWaterMarks marks;
    private final int blockSize;
    private final Duration maxWait;
    private final Counter allocations;
    private final Counter seqs;
    private final Counter extendBlocks;
    private final Counter rebuildBlocks;
    private final Counter rebuilds;
    private final Counter rejected;

    public SeqAllocator(SeqCounter counter, HighWaterMarks marks, int blockSize, Duration maxWait, MeterRegistry meters) {
        this.counter = counter;
        this.marks = marks;
        this.blockSize = blockSize;
        this.maxWait = maxWait;
        this.allocations = meters.counter("pigeon.seq.allocations");
        this.seqs = meters.counter("pigeon.seq.seqs.allocated");
        this.extendBlocks = meters.counter("pigeon.seq.blocks.persisted", "reason", "exhausted");
        this.rebuildBlocks = meters.counter("pigeon.seq.blocks.persisted", "reason", "counter-lost");
        this.rebuilds = meters.counter("pigeon.seq.counters.rebuilt");
        this.rejected = meters.counter("pigeon.seq.allocations.rejected");
    }

    /** Seqs wanted from one conversation (validated). */
    public record Want(String conversationId, int count) {
    }

    /** One range per want, in order; throws {@link SeqUnavailableException} when it cannot be guaranteed. */
    public List<SeqRange> allocate(List<Want> wants) {
        try {
            List<SeqRange> ranges = allocateInRounds(wants);
            allocations.increment(ranges.size());
            seqs.increment(wants.stream().mapToInt(Want::count).sum());
            return ranges;
        } catch (CounterUnavailableException | MarkUnavailableException e) {
            rejected.increment();
            throw new SeqUnavailableException(e.getMessage(), e);
        } catch (SeqUnavailableException e) {
            rejected.increment();
            throw e;
        }
    }

    private List<SeqRange> allocateInRounds(List<Want> wants) {
        SeqRange[] out = new SeqRange[wants.size()];
        List<Integer> open = new ArrayList<>(wants.size());
        for (int i = 0; i < wants.size(); i++) {
            open.add(i);
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        long backoffMillis = 1;
        while (!open.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new SeqUnavailableException(open.size() + " conversations got no safe block within "
                        + maxWait.toMillis() + " ms", null);
            }
            List<CounterReply> replies = counter.allocate(open.stream()
                    .map(i -> new CountRequest(wants.get(i).conversationId(), wants.get(i).count())).toList());
            Map<Integer, CounterReply.Exhausted> exhausted = new LinkedHashMap<>();
            List<Integer> missing = new ArrayList<>();
            List<Integer> next = new ArrayList<>();
            for (int j = 0; j < open.size(); j++) {
                int i = open.get(j);
                CounterReply reply = replies.get(j);
                if (reply instanceof CounterReply.Granted g) {
                    out[i] = new SeqRange(wants.get(i).conversationId(), g.first(), g.last());
                    continue;
                }
                next.add(i);
                if (reply instanceof CounterReply.Exhausted e) {
                    exhausted.put(i, e);
                } else if (reply instanceof CounterReply.Missing) {
                    missing.add(i);
                }
            }
            if (!exhausted.isEmpty() || !missing.isEmpty()) {
                newBlocks(wants, new ArrayList<>(exhausted.keySet()), missing);
            } else if (!next.isEmpty()) {
                // only pending rebuilds by another caller: give it a moment
                sleep(backoffMillis);
                backoffMillis = Math.min(50, backoffMillis * 2);
            }
            open = next;
        }
        return List.of(out);
    }

    /** Raises the marks of all these conversations in one transaction, then hands the blocks to Redis. */
    private void newBlocks(List<Want> wants, List<Integer> exhausted, List<Integer> missing) {
        Map<String, Integer> steps = new LinkedHashMap<>();
        exhausted.forEach(i -> steps.put(wants.get(i).conversationId(), Math.max(blockSize, wants.get(i).count())));
        missing.forEach(i -> steps.put(wants.get(i).conversationId(), Math.max(blockSize, wants.get(i).count())));
        Map<String, RaisedBlock> raised = marks.raise(steps);
        extendBlocks.increment(exhausted.size());
        rebuildBlocks.increment(missing.size());
        if (!exhausted.isEmpty()) {
            // a false reply means the counter was lost meanwhile: the next round sees it missing
            counter.extend(blocks(wants, exhausted, raised));
        }
        if (!missing.isEmpty()) {
            rebuild(blocks(wants, missing, raised));
        }
    }

    /**
     * Rebuilds lost counters at {@code cur = previous mark}. Safe only if no later raise exists,
     * which the mark re-read AFTER staging proves: a later raise either shows in MySQL (abort), or
     * comes after the re-read, and then its own staging replaces ours or finds ours live.
     */
    private void rebuild(List<Block> blocks) {
        String token = UUID.randomUUID().toString();
        List<Boolean> staged = counter.stage(blocks, token);
        List<Block> mine = new ArrayList<>();
        for (int j = 0; j < blocks.size(); j++) {
            if (staged.get(j)) {
                mine.add(blocks.get(j));
            }
        }
        if (mine.isEmpty()) {
            return;
        }
        List<String> ids = mine.stream().map(Block::conversationId).toList();
        Map<String, Long> current;
        try {
            current = marks.read(ids);
        } catch (MarkUnavailableException e) {
            counter.abort(ids, token);
            throw e;
        }
        List<String> latest = new ArrayList<>();
        List<String> stale = new ArrayList<>();
        for (Block b : mine) {
            (Long.valueOf(b.ceil()).equals(current.get(b.conversationId())) ? latest : stale).add(b.conversationId());
        }
        if (!stale.isEmpty()) {
            counter.abort(stale, token);
        }
        if (!latest.isEmpty()) {
            rebuilds.increment(counter.activate(latest, token).stream().filter(b -> b).count());
        }
    }

    private static List<Block> blocks(List<Want> wants, List<Integer> indices, Map<String, RaisedBlock> raised) {
        return indices.stream().map(i -> {
            String id = wants.get(i).conversationId();
            RaisedBlock b = raised.get(id);
            return new Block(id, b.previous(), b.mark());
        }).toList();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SeqUnavailableException("interrupted", e);
        }
    }
}
