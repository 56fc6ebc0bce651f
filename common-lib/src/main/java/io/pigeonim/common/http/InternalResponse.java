package io.pigeonim.common.http;

import io.pigeonim.common.json.PigeonJson;

/**
 * What another service answered to one internal call: its status and its whole body (JSON or problem+json).
 *
 * @param status the HTTP status
 * @param body the body as received, empty when there was none
 */
public record InternalResponse(int status, byte[] body) {

    /** The body read as {@code type} with {@link PigeonJson}; throws Jackson's exception when it is not one. */
    public <T> T read(Class<T> type) {
        return PigeonJson.mapper().readValue(body, type);
    }

    /** The RFC 9457 problem of a refusal (its fields null when the body is not a problem document). */
    public Problem problem() {
        return Problem.of(status, body);
    }
}
