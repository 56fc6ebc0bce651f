package io.pigeonim.testsupport;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;

import io.pigeonim.common.id.Ids;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.trust.RequestSigner;
import io.pigeonim.common.trust.TrustKeys;

/**
 * Signs requests the way the gateway and the services do, with the development key the services accept in
 * development mode (each module's test {@code application.properties} turns it on): for tests that call a service
 * directly, as the gateway would ({@link #identity}) or as another service would ({@link #serviceToken}).
 */
public final class TestTrust {

    /** The keys every service uses in tests: the built-in development key. */
    public static final TrustKeys KEYS = TrustKeys.parse(TrustKeys.DEVELOPMENT_SPEC);

    private static final RequestSigner SIGNER = new RequestSigner(KEYS, Clock.systemUTC(), RequestSigner.DEFAULT_TTL);

    private TestTrust() {
    }

    /**
     * The headers the gateway sets for {@code uid}/{@code deviceId} on {@code method rawPath} (path without query).
     * Malformed ids cannot be signed: they come back bare, as a forger would send them.
     */
    public static Map<String, String> identity(String uid, String deviceId, String method, String rawPath) {
        if (!Ids.isUid(uid) || !Ids.isDeviceId(deviceId)) {
            return Map.of(IdentityHeaders.UID, String.valueOf(uid), IdentityHeaders.DEVICE_ID, String.valueOf(deviceId));
        }
        return Map.of(IdentityHeaders.UID, uid, IdentityHeaders.DEVICE_ID, deviceId,
                IdentityHeaders.ASSERTION, SIGNER.assertIdentity(uid, deviceId, method, pathOnly(rawPath)));
    }

    /** The {@code X-Pigeon-Service} value a service sends with {@code body} to {@code method rawPath}. */
    public static String serviceToken(String method, String rawPath, byte[] body) {
        return SIGNER.serviceToken("test-support", method, pathOnly(rawPath), body);
    }

    /** The same, for a UTF-8 text body. */
    public static String serviceToken(String method, String rawPath, String body) {
        return serviceToken(method, rawPath, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code request} with the gateway's signed identity headers for {@code uid}/{@code deviceId} added. */
    public static HttpRequest.Builder as(String uid, String deviceId, HttpRequest.Builder request) {
        HttpRequest unsigned = request.build();
        identity(uid, deviceId, unsigned.method(), unsigned.uri().getRawPath()).forEach(request::header);
        return request;
    }

    /** A JSON POST of {@code json} to an internal endpoint, with a service credential. */
    public static HttpRequest.Builder internalPost(URI uri, String json) {
        return HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .header(IdentityHeaders.SERVICE, serviceToken("POST", uri.getRawPath(), json))
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /** A GET of an internal endpoint, with a service credential. */
    public static HttpRequest.Builder internalGet(URI uri) {
        return HttpRequest.newBuilder(uri).header(IdentityHeaders.SERVICE, serviceToken("GET", uri.getRawPath(), ""))
                .GET();
    }

    private static String pathOnly(String rawPath) {
        int query = rawPath.indexOf('?');
        return query < 0 ? rawPath : rawPath.substring(0, query);
    }
}
