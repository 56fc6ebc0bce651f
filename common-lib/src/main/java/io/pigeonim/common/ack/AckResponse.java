package io.pigeonim.common.ack;

import java.util.List;

import io.pigeonim.common.frame.AckEntry;

/** The acknowledgements as durably recorded (the body of {@code ack_ok}). */
public record AckResponse(List<AckEntry> acks) {
}
