/** The {@code /ws} WebSocket endpoint: identity at upgrade, frame decoding, limits, idle and flood closing. */
package io.pigeonim.connector.ws;
