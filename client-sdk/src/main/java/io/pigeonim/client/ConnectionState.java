package io.pigeonim.client;

/** The client's link to the server, as the app may show it. */
public enum ConnectionState {
    /** Opening a WebSocket, or waiting to try again (backoff). */
    CONNECTING,
    /** Connected; pulling what was missed while offline (live pushes wait until this is done). */
    SYNCING,
    /** Connected and up to date; messages arrive as they are pushed. */
    ONLINE,
    /** The same user and device connected elsewhere ({@code 1000 replaced}); the SDK does not reconnect. */
    REPLACED,
    /** {@link PigeonClient#close()} was called. */
    CLOSED
}
