package io.pigeonim.message.member;

import java.time.Duration;

/**
 * Bounds of the member cache.
 *
 * @param maxMembers how many member entries (summed over groups) the cache holds at most
 * @param expireAfterAccess a group's list is dropped when unused this long
 */
public record MemberCacheSettings(long maxMembers, Duration expireAfterAccess) {
}
