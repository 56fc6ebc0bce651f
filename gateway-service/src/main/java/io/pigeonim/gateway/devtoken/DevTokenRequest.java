package io.pigeonim.gateway.devtoken;

/** Body of {@code POST /api/v1/dev/token}: {@code {"uid":"alice","deviceId":"d1"}}. */
record DevTokenRequest(String uid, String deviceId) {
}
