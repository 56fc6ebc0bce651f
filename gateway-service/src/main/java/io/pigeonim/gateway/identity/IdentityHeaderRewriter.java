package io.pigeonim.gateway.identity;

import java.util.List;
import java.util.Locale;

import org.springframework.http.HttpHeaders;

import io.pigeonim.common.identity.IdentityHeaders;

/**
 * Replaces whatever identity headers a client sent with the ones of its verified {@link Identity}, signed
 * ({@code X-Pigeon-Assertion}) so that the services behind can tell them from forged ones.
 */
public final class IdentityHeaderRewriter {

    private static final String PREFIX = IdentityHeaders.PREFIX.toLowerCase(Locale.ROOT);

    private IdentityHeaderRewriter() {
    }

    /**
     * Removes every {@code X-Pigeon-*} header (any case) and the {@code Authorization} header, then sets
     * {@code X-Pigeon-Uid}, {@code X-Pigeon-Device-Id} and {@code X-Pigeon-Assertion}.
     *
     * @param assertion the signature over the identity and this request ({@code RequestSigner#assertIdentity})
     * @implNote The bearer token is removed too: services behind trust the signed identity headers only,
     *     and a token that never reaches them cannot leak into their logs.
     */
    public static void rewrite(HttpHeaders headers, Identity identity, String assertion) {
        strip(headers);
        headers.remove(HttpHeaders.AUTHORIZATION);
        headers.set(IdentityHeaders.UID, identity.uid());
        headers.set(IdentityHeaders.DEVICE_ID, identity.deviceId());
        headers.set(IdentityHeaders.ASSERTION, assertion);
    }

    /** Removes every {@code X-Pigeon-*} header (any case): what a client sends there is never passed on. */
    public static void strip(HttpHeaders headers) {
        List<String> spoofable = headers.headerNames().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(PREFIX))
                .toList();
        spoofable.forEach(headers::remove);
    }
}
