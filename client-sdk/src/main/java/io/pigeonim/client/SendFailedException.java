package io.pigeonim.client;

/** A send that was not stored and will not be: its future completes with this. */
public final class SendFailedException extends RuntimeException {

    private final String clientMsgId;
    private final String code;

    SendFailedException(String clientMsgId, String code, String message) {
        super(clientMsgId + ": " + message);
        this.clientMsgId = clientMsgId;
        this.code = code;
    }

    public String clientMsgId() {
        return clientMsgId;
    }

    /** The server's error code ({@code FORBIDDEN}, …), or {@code DEADLINE} / {@code CLOSED}. */
    public String code() {
        return code;
    }
}
