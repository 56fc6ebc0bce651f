package io.pigeonim.message.store;

/** A message the store refused for good (its sender is not a member of the group): dead-letter it with the reason. */
public record Rejected(String msgId, String reason) {
}
