package io.pigeonim.common.trust;

import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

import io.pigeonim.common.id.Ids;

/** Checks what {@link RequestSigner} signed, before a service uses the identity or serves the internal call. */
public final class RequestVerifier {

    /** Tolerance for clocks that disagree a little. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private final TrustKeys keys;
    private final Clock clock;

    public RequestVerifier(TrustKeys keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Verifies the gateway's assertion that {@code uid}/{@code deviceId} made {@code method rawPath}.
     *
     * @throws TrustException saying what is missing or wrong
     */
    public void verifyIdentity(String uid, String deviceId, String assertion, String method, String rawPath) {
        if (uid == null || deviceId == null || assertion == null) {
            throw new TrustException("no verified identity (expected: a request through the gateway with a valid token)");
        }
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            throw new TrustException("identity headers: malformed uid or deviceId");
        }
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3) {
            throw new TrustException("identity assertion: malformed (expected: kid.expires.signature)");
        }
        long expires = checkExpiry(parts[1], "identity assertion");
        String kid = checkKid(parts[0], "identity assertion");
        byte[] expected = keys.mac(kid, SignedRequest.identityPayload(kid, expires, uid, deviceId, method, rawPath));
        checkSignature(expected, parts[2], "identity assertion");
    }

    /**
     * Verifies a service credential for {@code method rawPath} with {@code body}.
     *
     * @return the calling service's name
     * @throws TrustException saying what is missing or wrong
     */
    public String verifyService(String token, String method, String rawPath, byte[] body) {
        if (token == null) {
            throw new TrustException("no service credential (internal endpoints answer Pigeon services only)");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 4 || !SignedRequest.SERVICE_NAME.matcher(parts[0]).matches()) {
            throw new TrustException("service credential: malformed (expected: caller.kid.expires.signature)");
        }
        long expires = checkExpiry(parts[2], "service credential");
        String kid = checkKid(parts[1], "service credential");
        byte[] expected = keys.mac(kid, SignedRequest.servicePayload(kid, expires, parts[0], method, rawPath, body));
        checkSignature(expected, parts[3], "service credential");
        return parts[0];
    }

    private String checkKid(String kid, String what) {
        if (!keys.knows(kid)) {
            throw new TrustException(what + ": unknown key id");
        }
        return kid;
    }

    private long checkExpiry(String text, String what) {
        long expires;
        try {
            expires = Long.parseLong(text);
        } catch (NumberFormatException malformed) {
            throw new TrustException(what + ": malformed expiry");
        }
        long now = clock.instant().getEpochSecond();
        if (now > expires + CLOCK_SKEW.toSeconds()) {
            throw new TrustException(what + ": expired");
        }
        if (expires > now + SignedRequest.MAX_TTL.toSeconds() + CLOCK_SKEW.toSeconds()) {
            throw new TrustException(what + ": expiry too far ahead (expected: at most " + SignedRequest.MAX_TTL + ")");
        }
        return expires;
    }

    private static void checkSignature(byte[] expected, String signature, String what) {
        byte[] actual;
        try {
            actual = Base64.getUrlDecoder().decode(signature);
        } catch (IllegalArgumentException malformed) {
            throw new TrustException(what + ": malformed signature");
        }
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new TrustException(what + ": bad signature");
        }
    }
}
