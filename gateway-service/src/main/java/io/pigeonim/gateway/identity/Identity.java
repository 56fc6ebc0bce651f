package io.pigeonim.gateway.identity;

import io.pigeonim.common.id.Ids;

/**
 * A verified caller: the uid and deviceId of PROTOCOL.md §1, both valid by construction.
 *
 * @param uid the user, JWT {@code sub}
 * @param deviceId the device, JWT {@code did}
 */
public record Identity(String uid, String deviceId) {

    /**
     * Exchange attribute holding the {@link java.time.Instant} the caller's token expires at: a WebSocket proxied
     * for it is closed then (1008, reason {@code token expired}).
     */
    public static final String EXPIRES_AT_ATTRIBUTE = "pigeon.identity.expiresAt";
    /** Exchange attribute holding the verified {@link Identity} of the caller (log lines name it). */
    public static final String ATTRIBUTE = "pigeon.identity";

    /** @throws IllegalArgumentException naming the value and the expected pattern */
    public Identity {
        Ids.requireUid(uid, "uid");
        Ids.requireDeviceId(deviceId, "deviceId");
    }
}
