package io.pigeonim.message.store;

import java.util.List;

/**
 * The outcome of storing one batch.
 *
 * @param messages every distinct message of the batch as stored (new or already there), in arrival order
 * @param stored how many were stored by this call
 * @param duplicates how many records of the batch were already stored (or repeated within the batch)
 */
public record StoredBatch(List<StoredMessage> messages, int stored, int duplicates) {

    public StoredBatch {
        messages = List.copyOf(messages);
    }
}
