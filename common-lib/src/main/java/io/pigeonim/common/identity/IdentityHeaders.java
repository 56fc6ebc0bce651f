package io.pigeonim.common.identity;

/** Headers the gateway sets from the verified JWT, after removing every client-sent {@link #PREFIX} header. */
public final class IdentityHeaders {

    /** Every identity header starts with this; the gateway strips such headers from client requests. */
    public static final String PREFIX = "X-Pigeon-";
    /** The verified uid (JWT {@code sub}). */
    public static final String UID = "X-Pigeon-Uid";
    /** The verified device id (JWT {@code did}). */
    public static final String DEVICE_ID = "X-Pigeon-Device-Id";
    /** The gateway's signature over uid, deviceId, expiry, method and path ({@code io.pigeonim.common.trust}). */
    public static final String ASSERTION = "X-Pigeon-Assertion";
    /** A service's credential on an internal call: caller, expiry, method, path and body, signed. */
    public static final String SERVICE = "X-Pigeon-Service";

    private IdentityHeaders() {
    }
}
