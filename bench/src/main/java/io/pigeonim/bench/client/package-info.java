/** Talking to the gateway as a client app does: dev tokens and groups over REST, frames over a WebSocket. */
package io.pigeonim.bench.client;
