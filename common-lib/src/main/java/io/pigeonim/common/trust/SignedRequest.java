package io.pigeonim.common.trust;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** What exactly is signed: the one definition {@link RequestSigner} and {@link RequestVerifier} share. */
final class SignedRequest {

    static final Duration MAX_TTL = Duration.ofMinutes(5);
    static final Pattern SERVICE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private SignedRequest() {
    }

    static String identityPayload(String kid, long expires, String uid, String deviceId, String method, String rawPath) {
        return String.join("\n", "pigeon-identity-v1", kid, Long.toString(expires), uid, deviceId,
                method.toUpperCase(Locale.ROOT), rawPath);
    }

    static String servicePayload(String kid, long expires, String caller, String method, String rawPath, byte[] body) {
        return String.join("\n", "pigeon-service-v1", kid, Long.toString(expires), caller,
                method.toUpperCase(Locale.ROOT), rawPath, sha256(body));
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body == null ? new byte[0] : body));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 unavailable", impossible);
        }
    }
}
