package io.pigeonim.seq.counter;

import io.lettuce.core.cluster.SlotHash;
import io.pigeonim.common.redis.RedisKeys;

/**
 * Key design: one hash per conversation, {@code <prefix>{<conversationId>}}, e.g.
 * {@code pigeon:seq:{p:alice:bob}}. The braces are a Redis Cluster hash tag: the slot depends on
 * the conversation id alone, so every script touches keys of one slot and a batch is split by slot.
 * Fields: {@code run} (run id of the Redis process that wrote it), {@code state} ({@code a} live,
 * {@code p} pending), {@code cur} (last seq handed out), {@code ceil} (durable mark it may hand
 * out up to), {@code tok} (the staging caller, while pending).
 */
record CounterKeys(String prefix) {

    String key(String conversationId) {
        return RedisKeys.seq(prefix, conversationId);
    }

    static int slot(String key) {
        return SlotHash.getSlot(key);
    }
}
