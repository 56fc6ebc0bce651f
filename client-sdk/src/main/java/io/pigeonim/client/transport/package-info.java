/** The network seams of the SDK: WebSocket connections ({@link io.pigeonim.client.transport.Transport}) and the REST calls of sync and history. */
package io.pigeonim.client.transport;
