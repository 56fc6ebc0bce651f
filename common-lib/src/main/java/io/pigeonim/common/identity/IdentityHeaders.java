package io.pigeonim.common.identity;

/** Headers the gateway sets from the verified JWT, after removing every client-sent {@link #PREFIX} header. */
public final class IdentityHeaders {

    /** Every identity header starts with this; the gateway strips such headers from client requests. */
    public static final String PREFIX = "X-Pigeon-";
    /** The verified uid (JWT {@code sub}). */
    public static final String UID = "X-Pigeon-Uid";
    /** The verified device id (JWT {@code did}). */
    public static final String DEVICE_ID = "X-Pigeon-Device-Id";

    private IdentityHeaders() {
    }
}
