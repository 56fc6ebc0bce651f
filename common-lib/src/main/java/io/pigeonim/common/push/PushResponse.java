package io.pigeonim.common.push;

/** How many connection writes a push batch made on the connector (informational). */
public record PushResponse(int sessions) {
}
