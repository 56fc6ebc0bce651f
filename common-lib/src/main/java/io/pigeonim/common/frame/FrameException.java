package io.pigeonim.common.frame;

import java.util.Objects;

/** A frame the server refuses, with the error code and a message that names the value and the expectation. */
public final class FrameException extends RuntimeException {

    private final ErrorCode code;
    private final Long clientId;
    private final String clientMsgId;

    public FrameException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    private FrameException(ErrorCode code, String message, Long clientId, String clientMsgId) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code, "code");
        this.clientId = clientId;
        this.clientMsgId = clientMsgId;
    }

    /** The same refusal, about the {@code send} with these ids (either may be null). */
    public FrameException aboutSend(Long sendClientId, String sendClientMsgId) {
        return new FrameException(code, getMessage(), sendClientId, sendClientMsgId);
    }

    public ErrorCode code() {
        return code;
    }

    /** The refused send's clientId, when the frame was a send that had one. */
    public Long clientId() {
        return clientId;
    }

    /** The refused send's clientMsgId, when the frame was a send that had one. */
    public String clientMsgId() {
        return clientMsgId;
    }
}
