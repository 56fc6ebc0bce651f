package io.pigeonim.client;

/**
 * Where a sent message is. {@code SENDING → SENT → DELIVERED}, or {@code SENT → STORED_OFFLINE → DELIVERED}
 * (one-to-one only; a group message ends at {@code SENT}); {@code SENDING → FAILED}; and
 * {@code SENDING → UNCONFIRMED → SENT | FAILED} when the deadline passed while the outcome is unknown.
 */
public enum MessageState {
    /** Queued or on the wire; the SDK resends it (same clientMsgId) until the server answers. */
    SENDING,
    /** The server stored it ({@code send_ack}, or the message came back with its seq): a promise of delivery. */
    SENT,
    /** One-to-one: no device of the peer was online; stored and waiting for them. */
    STORED_OFFLINE,
    /** One-to-one: a device of the peer acknowledged it. */
    DELIVERED,
    /**
     * The send deadline passed after the message went on the wire, without an answer: it may or may not be
     * stored. The SDK keeps resending it (which cannot store it twice) and reports {@code SENT} or
     * {@code FAILED} when it knows.
     */
    UNCONFIRMED,
    /** Not stored, and never will be: refused by the server, or the deadline passed before it left the device. */
    FAILED;

    /** Whether the server has the message. */
    public boolean stored() {
        return this == SENT || this == STORED_OFFLINE || this == DELIVERED;
    }
}
