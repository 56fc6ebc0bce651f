package io.pigeonim.message.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;

/**
 * Cursors after an acknowledgement.
 *
 * @param acks every acknowledged conversation with its cursor as recorded, in request order
 * @param advanced the subset whose cursor moved forward
 */
record RecordedAcks(List<AckEntry> acks, List<AckEntry> advanced) {
}
