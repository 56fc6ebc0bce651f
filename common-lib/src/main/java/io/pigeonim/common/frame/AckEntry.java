package io.pigeonim.common.frame;

/** "This device has every message of {@code conversationId} up to {@code seq}." */
public record AckEntry(String conversationId, Long seq) {
}
