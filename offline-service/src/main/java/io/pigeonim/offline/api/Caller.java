package io.pigeonim.offline.api;

import java.util.Objects;

/** The user and device a request comes from, as the gateway verified them. */
public record Caller(String uid, String deviceId) {

    public Caller {
        Objects.requireNonNull(uid, "uid");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
