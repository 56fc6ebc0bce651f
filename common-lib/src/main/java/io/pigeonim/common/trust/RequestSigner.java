package io.pigeonim.common.trust;

import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

import io.pigeonim.common.id.Ids;

/**
 * Signs what one hop asserts to the next: the gateway's identity assertions ({@code X-Pigeon-Assertion}) and a
 * service's own credential on an internal call ({@code X-Pigeon-Service}).
 *
 * @implNote HMAC-SHA256 with the shared internal key (docs/adr/0009-signed-identity-behind-the-gateway.md). Each
 *     signature is bound to the request (method and raw path, and for internal calls the body's SHA-256) and lives
 *     {@link #DEFAULT_TTL}: a captured header replays only the same request, for seconds.
 */
public final class RequestSigner {

    /** How long a signature is accepted: long enough for clock skew and a queue, short enough to be useless later. */
    public static final Duration DEFAULT_TTL = Duration.ofSeconds(30);

    private final TrustKeys keys;
    private final Clock clock;
    private final Duration ttl;

    public RequestSigner(TrustKeys keys, Clock clock, Duration ttl) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative() || ttl.isZero() || ttl.compareTo(SignedRequest.MAX_TTL) > 0) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: 0 < ttl <= " + SignedRequest.MAX_TTL + ")");
        }
    }

    /** The {@code X-Pigeon-Assertion} value for {@code uid}/{@code deviceId} making {@code method rawPath}. */
    public String assertIdentity(String uid, String deviceId, String method, String rawPath) {
        Ids.requireUid(uid, "uid");
        Ids.requireDeviceId(deviceId, "deviceId");
        String kid = keys.currentId();
        long expires = expiry();
        byte[] mac = keys.mac(kid, SignedRequest.identityPayload(kid, expires, uid, deviceId, method, rawPath));
        return kid + "." + expires + "." + encode(mac);
    }

    /** The {@code X-Pigeon-Service} value for service {@code caller} sending {@code body} to {@code method rawPath}. */
    public String serviceToken(String caller, String method, String rawPath, byte[] body) {
        if (!SignedRequest.SERVICE_NAME.matcher(caller).matches()) {
            throw new IllegalArgumentException("caller: '" + caller + "' (expected: " + SignedRequest.SERVICE_NAME.pattern()
                    + ")");
        }
        String kid = keys.currentId();
        long expires = expiry();
        byte[] mac = keys.mac(kid, SignedRequest.servicePayload(kid, expires, caller, method, rawPath, body));
        return caller + "." + kid + "." + expires + "." + encode(mac);
    }

    private long expiry() {
        return clock.instant().plus(ttl).getEpochSecond();
    }

    private static String encode(byte[] mac) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
    }
}
