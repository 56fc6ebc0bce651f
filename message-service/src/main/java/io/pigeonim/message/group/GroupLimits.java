package io.pigeonim.message.group;

/** @param maxMembers the most members a group may have, its owner included */
public record GroupLimits(int maxMembers) {
}
