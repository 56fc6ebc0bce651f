package io.pigeonim.common.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;

/** Cumulative acknowledgements of one device, to be recorded durably as cursors. */
public record AckRequest(String uid, String deviceId, List<AckEntry> acks) {
}
