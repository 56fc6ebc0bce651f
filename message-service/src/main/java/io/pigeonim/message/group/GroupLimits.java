package io.pigeonim.message.group;

/**
 * @param maxMembers the most members a group may have, its owner included
 * @param maxOwned the most groups one user may own
 */
public record GroupLimits(int maxMembers, int maxOwned) {
}
