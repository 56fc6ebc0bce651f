package io.pigeonim.message.uplink;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Finds the records of a deterministically failing batch that fail on their own: the batch is processed again in
 * halves, a failing half in halves again, down to single records. Everything else is stored and pushed, in the
 * batch's order.
 *
 * @implNote Bisection, not one record at a time: one bad record among n costs about 2·log2(n) tries (18 for 500)
 *     instead of n stores, and the parts that succeed are stored in batches. A transient failure on the way stops
 *     it: the whole batch is then retried in place, and what was already stored is found stored (dedup) and only
 *     pushed again.
 */
final class RecordIsolation {

    private final UplinkProcessor processor;

    RecordIsolation(UplinkProcessor processor) {
        this.processor = processor;
    }

    /** A record that fails on its own, and its error. */
    record Failed(ConsumerRecord<byte[], byte[]> record, RuntimeException error) {
    }

    /**
     * Processes every record of {@code records} that can be, in order.
     *
     * @param records a batch known to fail deterministically as a whole
     * @return the records that failed deterministically on their own, in order
     * @throws RuntimeException a transient failure (of any part): retry the whole batch in place
     */
    List<Failed> isolate(List<ConsumerRecord<byte[], byte[]>> records, RuntimeException batchError) {
        List<Failed> failed = new ArrayList<>();
        if (records.size() == 1) {
            failed.add(new Failed(records.get(0), batchError));
        } else {
            bisect(records, failed);
        }
        return failed;
    }

    private void bisect(List<ConsumerRecord<byte[], byte[]>> records, List<Failed> failed) {
        int half = records.size() / 2;
        for (List<ConsumerRecord<byte[], byte[]>> part : List.of(records.subList(0, half),
                records.subList(half, records.size()))) {
            try {
                processor.process(part, List.of());
            } catch (RuntimeException e) {
                if (FailureClass.of(e) == FailureClass.TRANSIENT) {
                    throw e;
                }
                if (part.size() == 1) {
                    failed.add(new Failed(part.get(0), e));
                } else {
                    bisect(part, failed);
                }
            }
        }
    }
}
