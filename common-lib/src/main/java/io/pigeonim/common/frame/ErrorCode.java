package io.pigeonim.common.frame;

/** The {@code code} of an {@code error} frame or a problem response (PROTOCOL.md §3, §4). */
public enum ErrorCode {
    /** Not JSON, unknown type, a field missing or malformed. */
    BAD_FRAME,
    /** REST: a malformed request. */
    BAD_REQUEST,
    UNAUTHORIZED,
    /** A frame or content over its size limit. */
    TOO_LARGE,
    /** A clientId past {@code max + 1}; comes with {@code expectedClientId}. */
    OUT_OF_ORDER,
    /** Not a member of the conversation. */
    FORBIDDEN,
    NOT_FOUND,
    CONFLICT,
    RATE_LIMITED,
    /** Try again later: a dependency is down; nothing was accepted. */
    UNAVAILABLE,
    INTERNAL
}
