package io.pigeonim.common.http;

import io.pigeonim.common.json.PigeonJson;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The RFC 9457 problem another service answered, as far as a caller maps it: every service's {@code ProblemAdvice}
 * puts the PROTOCOL.md error code in {@code code}.
 *
 * @param status the HTTP status of the answer
 * @param code the problem's {@code code}, null when absent or not text
 * @param detail the problem's {@code detail}, null when absent or not text
 */
public record Problem(int status, String code, String detail) {

    /** The problem in {@code body}; a body that is no JSON object (or none) gives null code and detail. */
    public static Problem of(int status, byte[] body) {
        if (body == null || body.length == 0) {
            return new Problem(status, null, null);
        }
        try {
            JsonNode problem = PigeonJson.mapper().readTree(body);
            return new Problem(status, text(problem, "code"), text(problem, "detail"));
        } catch (JacksonException e) {
            return new Problem(status, null, null);
        }
    }

    private static String text(JsonNode problem, String field) {
        JsonNode value = problem.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }
}
