package io.pigeonim.common.id;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Derives a message's {@code msgId} from its idempotency key (sender uid, clientMsgId).
 *
 * @implNote A name-based id (the first 128 bits of SHA-256, URL-safe Base64, 22 characters) makes
 *     every resend of the same clientMsgId, on any connection or connector instance, answer with
 *     the same msgId without a shared lookup table that could be lost or race. A random or
 *     time-based id was rejected: it needs a (sender, clientMsgId) to msgId map kept consistent
 *     across instances, which is exactly the state this removes.
 */
public final class MessageIds {

    private MessageIds() {
    }

    /** The msgId of the message that {@code senderId} sent with {@code clientMsgId}. */
    public static String of(String senderId, String clientMsgId) {
        Ids.requireUid(senderId, "senderId");
        if (!Ids.isClientMsgId(clientMsgId)) {
            throw new IllegalArgumentException("clientMsgId: " + Ids.quote(clientMsgId)
                    + " (expected: " + Ids.CLIENT_MSG_ID.pattern() + ")");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            // '\n' cannot occur in either part, so distinct pairs never hash the same input
            byte[] digest = sha.digest((senderId + '\n' + clientMsgId).getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
