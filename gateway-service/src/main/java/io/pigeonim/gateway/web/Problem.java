package io.pigeonim.gateway.web;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * An RFC 9457 problem document with Pigeon's extra {@code code} member.
 *
 * @param type always {@code about:blank}: the status and {@code code} say it all
 * @param title the HTTP reason phrase
 * @param status the HTTP status
 * @param detail what was wrong, naming the value and the expectation
 * @param instance the request path
 * @param code one of PROTOCOL.md's error codes
 */
@JsonPropertyOrder({"type", "title", "status", "detail", "instance", "code"})
record Problem(String type, String title, int status, String detail, String instance, String code) {
}
