package io.pigeonim.common.trust;

/** A request whose identity assertion or service credential does not verify; the message says why (401). */
public final class TrustException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public TrustException(String message) {
        super(message, null, false, false);
    }
}
