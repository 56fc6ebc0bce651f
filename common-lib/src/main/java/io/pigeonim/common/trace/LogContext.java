package io.pigeonim.common.trace;

import org.slf4j.MDC;

/**
 * The log context (SLF4J MDC) that names the message, device or request a thread works on, so that a log line
 * written meanwhile says which one it is about: the same keys in every service (docs/operations.md, Logs). The
 * trace's {@code traceId} and {@code spanId} are put there by Micrometer Tracing when tracing is on.
 *
 * <p>Ids only, never a message's content (privacy): nothing here takes the content.
 *
 * @implNote Plain puts and removes around the work, not a scope object: a handful of thread-local map operations per
 *     message, no allocation. Callers clear what they put in a {@code finally}; a pooled thread must not carry one
 *     message's ids into the next.
 */
public final class LogContext {

    /** The message's id (PROTOCOL.md: derived from the sender and its clientMsgId). */
    public static final String MSG_ID = "msgId";
    /** The sender's idempotency key of the message. */
    public static final String CLIENT_MSG_ID = "clientMsgId";
    /** The user: the sender of a message, or the caller of a request. */
    public static final String UID = "uid";
    /** The user's device. */
    public static final String DEVICE_ID = "deviceId";
    /** The conversation of the message or request. */
    public static final String CONVERSATION_ID = "conversationId";
    /** The trace (put by Micrometer Tracing when tracing is on, read here only for the documentation). */
    public static final String TRACE_ID = "traceId";

    private LogContext() {
    }

    /** Names the user and device (null values are left out). */
    public static void device(String uid, String deviceId) {
        put(UID, uid);
        put(DEVICE_ID, deviceId);
    }

    /** Names the message (null values are left out). */
    public static void message(String msgId, String clientMsgId, String conversationId) {
        put(MSG_ID, msgId);
        put(CLIENT_MSG_ID, clientMsgId);
        put(CONVERSATION_ID, conversationId);
    }

    /** Names the whole message: its ids and its sender's. */
    public static void message(String msgId, String clientMsgId, String conversationId, String uid, String deviceId) {
        message(msgId, clientMsgId, conversationId);
        device(uid, deviceId);
    }

    /** Forgets the message's keys, keeping the device's (a connection's next frame is the same device's). */
    public static void clearMessage() {
        MDC.remove(MSG_ID);
        MDC.remove(CLIENT_MSG_ID);
        MDC.remove(CONVERSATION_ID);
    }

    /** Forgets every key put here (never the trace's, which its scope owns). */
    public static void clear() {
        clearMessage();
        MDC.remove(UID);
        MDC.remove(DEVICE_ID);
    }

    private static void put(String key, String value) {
        if (value != null) {
            MDC.put(key, value);
        }
    }
}
