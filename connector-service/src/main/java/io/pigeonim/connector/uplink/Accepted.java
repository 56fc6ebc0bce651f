package io.pigeonim.connector.uplink;

/** A send accepted under a clientId, and the broker's outcome once known. */
public final class Accepted {

    /** Where the publish stands. */
    public enum State { PENDING, DURABLE, FAILED }

    private final long clientId;
    private final String clientMsgId;
    private final String conversationId;
    private final String msgId;
    private volatile State state = State.PENDING;

    Accepted(long clientId, String clientMsgId, String conversationId, String msgId) {
        this.clientId = clientId;
        this.clientMsgId = clientMsgId;
        this.conversationId = conversationId;
        this.msgId = msgId;
    }

    void complete(boolean durable) {
        state = durable ? State.DURABLE : State.FAILED;
    }

    public long clientId() {
        return clientId;
    }

    public String clientMsgId() {
        return clientMsgId;
    }

    public String conversationId() {
        return conversationId;
    }

    public String msgId() {
        return msgId;
    }

    public State state() {
        return state;
    }
}
