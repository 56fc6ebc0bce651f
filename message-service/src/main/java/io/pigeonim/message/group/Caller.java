package io.pigeonim.message.group;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.web.ApiException;

/** The user and device making a request, from the gateway's identity headers (docs/internal-contracts.md). */
record Caller(String uid, String deviceId) {

    /** @throws ApiException 401 UNAUTHORIZED when a header is missing or malformed */
    static Caller of(String uid, String deviceId) {
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            throw ApiException.unauthorized("missing or invalid " + IdentityHeaders.UID + " / "
                    + IdentityHeaders.DEVICE_ID + " (requests reach this service through the gateway)");
        }
        return new Caller(uid, deviceId);
    }
}
