package io.pigeonim.offline.sync;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.StoredMessage;

/**
 * One sync page: its messages, the cursor positions that acknowledge exactly them, whether more wait,
 * and how many message statements it took.
 */
record Page(List<StoredMessage> messages, List<AckEntry> acks, boolean hasMore, int statements) {
}
