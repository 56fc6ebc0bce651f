package io.pigeonim.common.trust;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The internal signing keys, by key id: the first signs, every one verifies (rotation: add the new key first,
 * deploy everywhere, then drop the old one).
 *
 * <p>Spec syntax ({@code PIGEON_INTERNAL_KEYS}): {@code kid:secret[,kid:secret…]}, each secret at least
 * {@value #MIN_SECRET_BYTES} bytes of UTF-8.
 */
public final class TrustKeys {

    /** HMAC-SHA256 wants a key of at least 256 bits. */
    public static final int MIN_SECRET_BYTES = 32;
    /** The built-in key of development mode: public, so refused outside it. */
    public static final String DEVELOPMENT_SPEC = "dev:" + Secrets.DEVELOPMENT_PREFIX + "pigeon-internal-signing-key";

    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");
    private static final String ALGORITHM = "HmacSHA256";

    private final String currentId;
    private final Map<String, SecretKeySpec> keys;
    private final boolean development;

    private TrustKeys(String currentId, Map<String, SecretKeySpec> keys, boolean development) {
        this.currentId = currentId;
        this.keys = keys;
        this.development = development;
    }

    /** @throws IllegalArgumentException naming the bad part of {@code spec} and the expected syntax */
    public static TrustKeys parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
        boolean development = false;
        for (String part : spec.split(",")) {
            String entry = part.strip();
            int colon = entry.indexOf(':');
            String id = colon < 0 ? "" : entry.substring(0, colon);
            String secret = colon < 0 ? "" : entry.substring(colon + 1);
            if (!KEY_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("internal keys: key id '" + id + "' (expected: kid:secret[,kid:secret…], kid "
                        + KEY_ID.pattern() + ")");
            }
            byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("internal keys: key '" + id + "' has " + bytes.length
                        + " bytes (expected: at least " + MIN_SECRET_BYTES + ")");
            }
            if (keys.putIfAbsent(id, new SecretKeySpec(bytes, ALGORITHM)) != null) {
                throw new IllegalArgumentException("internal keys: key id '" + id + "' twice (expected: unique ids)");
            }
            development |= Secrets.isDevelopment(secret);
        }
        return new TrustKeys(keys.keySet().iterator().next(), Map.copyOf(keys), development);
    }

    /** The id of the key new signatures use. */
    public String currentId() {
        return currentId;
    }

    /** Whether any key is a development secret (public: refused outside development mode). */
    public boolean development() {
        return development;
    }

    boolean knows(String keyId) {
        return keys.containsKey(keyId);
    }

    /** HMAC-SHA256 of {@code payload} under key {@code keyId}, which must be known. */
    byte[] mac(String keyId, String payload) {
        SecretKeySpec key = keys.get(keyId);
        if (key == null) {
            throw new IllegalArgumentException("keyId: '" + keyId + "' (expected: one of " + keys.keySet() + ")");
        }
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException impossible) {
            throw new IllegalStateException("HmacSHA256 unavailable", impossible);
        }
    }
}
