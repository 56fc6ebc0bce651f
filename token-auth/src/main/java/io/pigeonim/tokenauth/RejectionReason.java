package io.pigeonim.tokenauth;

import java.util.Locale;

/** Why a request was refused with 401; the {@code reason} tag of {@code pigeon.gateway.tokens.rejected} and {@code pigeon.connector.tokens.rejected}. */
public enum RejectionReason {
    /** No token at all. */
    MISSING,
    /** Malformed, forged, wrong algorithm, bad or missing claims. */
    INVALID,
    /** Well signed but past its {@code exp}. */
    EXPIRED;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
