package io.pigeonim.offline.sync;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.Ids;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;
import io.pigeonim.offline.api.QueryParameters;

/**
 * Issues and checks sync tokens: the cursor positions that acknowledge exactly one page, signed and bound to
 * the user and device, so the server keeps no state between pages.
 *
 * <p>Layout, base64url without padding: {@code version(1) | deflate(issuedAt, count, (conversationId, seq)*) | mac(32)},
 * where {@code mac = HMAC-SHA256(secret, version | uid | deviceId | deflated)}. The uid and device are in the
 * MAC, not in the token: a token shown by another user or device fails like a forged one.
 *
 * @implNote Deflate because conversation ids of one user share most of their bytes ({@code p:alice:…}): a page
 *     spanning 200 conversations stays a few KiB. The MAC covers the compressed bytes and is checked before
 *     inflating, so an attacker cannot make the server inflate anything. A re-used token is harmless: cursors
 *     never move backwards, so no nonce is kept.
 */
public final class SyncTokenCodec {

    static final byte VERSION = 1;
    /** A page of 200 messages touches at most 200 conversations, plus one whose range turned out to be all holes. */
    static final int MAX_ENTRIES = QueryParameters.MAX_LIMIT + 1;
    private static final int MAC_BYTES = 32;
    /** 200 entries of 140-character ids stay well below this, however they compress. */
    static final int MAX_TOKEN_CHARS = 48 * 1024;
    private static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    /** Tolerated clock difference between instances for a token "from the future". */
    private static final Duration SKEW = Duration.ofMinutes(1);

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Clock clock;

    public SyncTokenCodec(byte[] secret, Duration maxAge, Clock clock) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < 32) {
            throw new IllegalArgumentException("secret: " + secret.length + " bytes (expected: at least 32)");
        }
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A token acknowledging {@code acks} for this caller. */
    String issue(Caller caller, List<AckEntry> acks) {
        if (acks.isEmpty() || acks.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("acks: " + acks.size() + " entries (expected: 1.." + MAX_ENTRIES + ")");
        }
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(plain)) {
            out.writeLong(clock.millis());
            out.writeShort(acks.size());
            for (AckEntry ack : acks) {
                out.writeUTF(ack.conversationId());
                out.writeLong(ack.seq());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] deflated = deflate(plain.toByteArray());
        byte[] mac = mac(caller, deflated);
        byte[] token = new byte[1 + deflated.length + MAC_BYTES];
        token[0] = VERSION;
        System.arraycopy(deflated, 0, token, 1, deflated.length);
        System.arraycopy(mac, 0, token, 1 + deflated.length, MAC_BYTES);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /**
     * The acknowledgements a token carries, if this server issued it to this caller within the maximum age.
     *
     * @throws ApiException 400 for anything else
     */
    List<AckEntry> verify(String token, Caller caller) {
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw refused("length " + token.length());
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw refused("not base64url");
        }
        if (raw.length < 1 + 1 + MAC_BYTES || raw[0] != VERSION) {
            throw refused("unknown format");
        }
        byte[] deflated = Arrays.copyOfRange(raw, 1, raw.length - MAC_BYTES);
        byte[] mac = Arrays.copyOfRange(raw, raw.length - MAC_BYTES, raw.length);
        if (!MessageDigest.isEqual(mac, mac(caller, deflated))) {
            throw refused("not issued to this user and device, or altered");
        }
        return entries(inflate(deflated));
    }

    private List<AckEntry> entries(byte[] plain) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
            long issuedAt = in.readLong();
            long now = clock.millis();
            if (issuedAt > now + SKEW.toMillis() || now - issuedAt > maxAge.toMillis()) {
                throw refused("expired (a token is valid for " + maxAge + "); sync again without ack");
            }
            int count = in.readUnsignedShort();
            if (count < 1 || count > MAX_ENTRIES) {
                throw refused("unknown format");
            }
            List<AckEntry> acks = new ArrayList<>(count);
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < count; i++) {
                String conversationId = in.readUTF();
                long seq = in.readLong();
                if (!ConversationId.isValid(conversationId) || !seen.add(conversationId) || seq < 0 || seq > Ids.MAX_SAFE_INTEGER) {
                    throw refused("unknown format");
                }
                acks.add(new AckEntry(conversationId, seq));
            }
            if (in.read() != -1) {
                throw refused("unknown format");
            }
            return List.copyOf(acks);
        } catch (IOException e) {
            throw refused("unknown format");
        }
    }

    private byte[] mac(Caller caller, byte[] deflated) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(key);
            hmac.update(VERSION);
            hmac.update(lengthPrefixed(caller.uid()));
            hmac.update(lengthPrefixed(caller.deviceId()));
            return hmac.doFinal(deflated);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static byte[] lengthPrefixed(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 1];
        out[0] = (byte) bytes.length; // ids are at most 64 bytes
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static byte[] deflate(byte[] plain) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        try {
            deflater.setInput(plain);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(plain.length / 2 + 16);
            byte[] buffer = new byte[4096];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static byte[] inflate(byte[] deflated) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(deflated);
            ByteArrayOutputStream out = new ByteArrayOutputStream(deflated.length * 4);
            byte[] buffer = new byte[4096];
            while (!inflater.finished()) {
                int n = inflater.inflate(buffer);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw refused("unknown format");
                }
                out.write(buffer, 0, n);
                if (out.size() > MAX_PAYLOAD_BYTES) {
                    throw refused("unknown format");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw refused("unknown format");
        } finally {
            inflater.end();
        }
    }

    private static ApiException refused(String why) {
        return ApiException.badRequest("ack: not a valid sync token for this device (" + why + ")");
    }
}
