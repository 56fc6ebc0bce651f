package io.pigeonim.message.store;

import java.util.List;
import java.util.Map;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.message.member.Members;

/**
 * The outcome of storing one batch.
 *
 * @param messages every distinct message of the batch as stored (new or already there), in arrival order
 * @param stored how many were stored by this call
 * @param duplicates how many records of the batch were already stored (or repeated within the batch)
 * @param rejected messages refused for good (sender not a member of the group), to dead-letter
 * @param groups the members of each group conversation of the batch at store time: who gets its messages
 */
public record StoredBatch(List<StoredMessage> messages, int stored, int duplicates, List<Rejected> rejected,
        Map<String, Members> groups) {

    public StoredBatch {
        messages = List.copyOf(messages);
        rejected = List.copyOf(rejected);
        groups = Map.copyOf(groups);
    }
}
